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
 * prepared bodies in turn), from wrk, the tool HTTP servers are usually measured with, in a process of its own.
 *
 * <p>wrk reports its latency distribution only as percentiles: the level's latencies are its quantiles at 0.05 %,
 * 0.15 %, … 99.95 % (1,000 of them, each standing for a thousandth of the requests), from which {@link Percentiles}
 * reads p50 and p99 as it does from raw samples. Requests answered with a status outside 2xx and 3xx (the gateway
 * answers 202 to all it accepts), and socket errors and timeouts, are errors. The script defines no {@code response}
 * function: with one, wrk hands every response's headers and body to Lua (three interleaved pairs at 200 connections:
 * 5,872 / 6,592 / 3,960 requests/s with it, 6,681 / 5,367 / 5,364 without — within the machine's noise), and wrk
 * counts the statuses itself.
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
     * A script that prepares every request once (wrk.format in init), hands them out in turn and prints the summary
     * (errors: wrk's non-2xx/3xx answers and socket errors) and quantiles in lines the parser above reads.
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

                    function done(summary, latency, requests)
                      local e = summary.errors
                      local errors = e.status + e.connect + e.read + e.write + e.timeout
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
