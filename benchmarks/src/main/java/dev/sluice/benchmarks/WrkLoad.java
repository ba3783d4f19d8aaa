package dev.sluice.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The gateway load with <a href="https://github.com/wg/wrk">wrk</a>, when it is installed: the same closed loop as
 * {@link GatewayLoad} (each connection sends the next single-document POST when the previous is answered, the same
 * prepared bodies in turn), from a C program. Here the load generator shares two cores with the gateway and the
 * broker, and the JDK's HTTP client spends several times the CPU per request that wrk does — CPU the gateway then
 * lacks — so wrk measures the gateway, the Java generator partly itself.
 *
 * <p>wrk reports its latency distribution only as percentiles: the level's latencies are its quantiles at 0.05 %,
 * 0.15 %, … 99.95 % (1,000 of them, each standing for a thousandth of the requests), from which {@link Percentiles}
 * reads p50 and p99 as it does from raw samples. Requests answered with
 * a status other than 202, and socket errors and timeouts, are errors.
 */
final class WrkLoad {
    private static final Pattern RESULT = Pattern.compile("^SLUICE (\\w+) (.*)$", Pattern.MULTILINE);

    private final URI uri;
    private final String bearer;
    private final List<Workload.Page> pages;
    private final Path work;

    WrkLoad(URI uri, String bearer, List<Workload.Page> pages, Path work) {
        this.uri = uri;
        this.bearer = bearer;
        this.pages = pages;
        this.work = work;
    }

    /** Whether a {@code wrk} executable is on the PATH. */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    Report.LoadLevel run(int connections, Duration warmUp, Duration measured)
            throws IOException, InterruptedException {
        Path script = writeScript();
        if (!warmUp.isZero()) {
            wrk(script, connections, warmUp);
        }
        Map<String, String> result = wrk(script, connections, measured);
        double seconds = Double.parseDouble(result.get("duration_us")) / 1e6;
        long requests = Long.parseLong(result.get("requests"));
        long errors = Long.parseLong(result.get("errors"));
        List<Double> quantiles = new ArrayList<>();
        for (String us : result.get("quantiles_us").trim().split(" ")) {
            quantiles.add(Double.parseDouble(us) / 1000);
        }
        return new Report.LoadLevel(connections, requests - errors, errors, seconds, quantiles);
    }

    private Map<String, String> wrk(Path script, int connections, Duration duration)
            throws IOException, InterruptedException {
        int threads = Math.min(2, connections);
        Process process = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "30s", "-s", script.toString(), uri.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk failed: " + output);
        }
        Matcher m = RESULT.matcher(output);
        Map<String, String> result = new java.util.HashMap<>();
        while (m.find()) {
            result.put(m.group(1), m.group(2));
        }
        if (!result.containsKey("quantiles_us")) {
            throw new IllegalStateException("wrk printed no result: " + output);
        }
        return result;
    }

    /**
     * A script that prepares every request once (wrk.format in init), hands them out in turn, counts answers other
     * than 202 and prints the summary and quantiles in lines the parser above reads.
     */
    private Path writeScript() {
        try {
            Path bodies = work.resolve("wrk-bodies.jsonl");
            // JSON written by Jackson holds no raw line breaks: one body per line.
            Files.writeString(bodies, pages.stream().map(p -> new String(p.body(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("\n", "", "\n")));
            Path script = work.resolve("wrk-load.lua");
            Files.writeString(script, String.format(Locale.ROOT, """
                    local requests = {}
                    local nextRequest = 1
                    rejected = 0 -- global: done() reads it from every thread
                    local threads = {}

                    function setup(thread)
                      table.insert(threads, thread)
                    end

                    function init(args)
                      local headers = { ["Content-Type"] = "application/json",
                                        ["Authorization"] = "Bearer %s" }
                      for line in io.lines("%s") do
                        table.insert(requests, wrk.format("POST", nil, headers, line))
                      end
                      nextRequest = math.random(#requests)
                    end

                    function request()
                      local r = requests[nextRequest]
                      nextRequest = nextRequest %% #requests + 1
                      return r
                    end

                    function response(status, headers, body)
                      if status ~= 202 then rejected = rejected + 1 end
                    end

                    function done(summary, latency, requests)
                      local notAccepted = 0
                      for _, thread in ipairs(threads) do notAccepted = notAccepted + thread:get("rejected") end
                      local e = summary.errors
                      local errors = notAccepted + e.connect + e.read + e.write + e.timeout
                      io.write(string.format("SLUICE requests %%d\\n", summary.requests))
                      io.write(string.format("SLUICE errors %%d\\n", errors))
                      io.write(string.format("SLUICE duration_us %%d\\n", summary.duration))
                      local q = {}
                      for i = 1, 1000 do q[#q + 1] = string.format("%%d", latency:percentile((i - 0.5) / 10)) end
                      io.write("SLUICE quantiles_us " .. table.concat(q, " ") .. "\\n")
                    end
                    """, bearer, bodies.toAbsolutePath()));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
