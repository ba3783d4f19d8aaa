package dev.sluice.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.processor.chunk.TokenCounter;
import dev.sluice.schemas.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * A server that speaks TEI's {@code POST /embed} and charges each request for its input tokens
 * ({@link LatencyModel.Tei}): the fixed part, then the request's tokens on a throughput that every request in
 * service shares ({@link SharedThroughput}), with at most {@code concurrency} requests in service (more wait for a
 * server thread). Tokens are the embedding model's, counted as the chunker counts them. Vectors are deterministic unit
 * vectors of 384 dimensions.
 *
 * <p>A request with an input containing {@link #REJECTED_MARKER} is refused as TEI refuses input it cannot embed
 * (422, a validation error): a permanent failure, for checking that the benchmark counts and reports failures.
 */
final class LatencyTeiServer implements AutoCloseable {
    /** Text that makes the model refuse the request it is in. */
    static final String REJECTED_MARKER = "bench-rejected-document";
    /** {@code -Dbench.trace.tei=true} (or the argument {@code bench.trace.tei=true}): a line per request. */
    private static final boolean TRACE = Boolean.getBoolean("bench.trace.tei");
    private final LatencyModel.Tei cost;
    private final TokenCounter tokens;
    private final SharedThroughput throughput;
    private final HttpServer server;
    private final ExecutorService workers;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inputs = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final AtomicLong measuredSince = new AtomicLong(System.nanoTime());

    LatencyTeiServer(LatencyModel.Tei cost, TokenCounter tokens) throws IOException {
        this.cost = cost;
        this.tokens = tokens;
        this.throughput = new SharedThroughput(cost.tokensPerMs(), 1 / cost.msPerToken());
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body then waits for the
        // client's delayed ACK (≈ 40 ms a request, measured as 548 ms for a 500 ms request). TEI (axum) sets
        // TCP_NODELAY, so the model does too. Read once, when the JDK server's configuration class loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        workers = Executors.newFixedThreadPool(cost.concurrency());
        server.setExecutor(workers);
        server.createContext("/embed", this::embed);
        server.start();
    }

    private void embed(HttpExchange exchange) throws IOException {
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        try {
            requests.incrementAndGet();
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            List<float[]> vectors = new ArrayList<>();
            int requestTokens = 0;
            boolean refuse = false;
            for (JsonNode input : body.get("inputs")) {
                String text = input.asString();
                refuse |= text.contains(REJECTED_MARKER);
                requestTokens += tokens.count(text);
                vectors.add(vector(text));
            }
            inputs.addAndGet(vectors.size());
            if (TRACE) {
                System.out.printf("%s TEI request with %d inputs, %d tokens, %d open%n", java.time.LocalTime.now(),
                        vectors.size(), requestTokens, open.get());
            }
            if (refuse) {
                rejected.incrementAndGet();
                answer(exchange, 422, Json.mapper().writeValueAsBytes(Map.of("error", "Input validation error: "
                        + "refused by the latency model (" + REJECTED_MARKER + ")", "error_type", "Validation")));
                return;
            }
            // The answer is ready before the modelled time ends, as TEI's is: the time covers all its work.
            byte[] out = Json.mapper().writeValueAsBytes(vectors);
            try {
                sleepMs(cost.fixedMs());
                throughput.serve(requestTokens);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, out);
        } finally {
            open.decrementAndGet();
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

    static void sleepMs(double ms) throws InterruptedException {
        long nanos = Math.round(ms * 1e6);
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    /**
     * What the server did since the last call: requests, inputs, tokens, refusals, most requests open at once, and
     * how busy its shared throughput was (tokens served over what it could have served in that time); resets.
     */
    Usage drainUsage() {
        long now = System.nanoTime();
        double seconds = (now - measuredSince.getAndSet(now)) / 1e9;
        double served = throughput.drainServedWork();
        return new Usage(requests.getAndSet(0), inputs.getAndSet(0), (long) served, rejected.getAndSet(0),
                mostOpen.getAndSet(0), seconds > 0 ? served / (throughput.capacityPerMs() * seconds * 1000) : 0);
    }

    /** What the model served over a measurement; {@code busy} is the share of its throughput used, 0–1. */
    record Usage(int requests, int inputs, long tokens, int rejected, int mostOpen, double busy) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "TEI %d requests, %d inputs, %d tokens, at most %d at once, "
                    + "throughput %.0f %% busy%s", requests, inputs, tokens, mostOpen, busy * 100,
                    rejected > 0 ? ", " + rejected + " refused" : "");
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static float[] vector(String text) {
        float[] v = new float[384];
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            v[Math.floorMod(i * 31 + bytes[i], 384)] += 1; // bytes of non-ASCII characters are negative
        }
        double norm = 0;
        for (float x : v) norm += x * x;
        norm = norm == 0 ? 1 : Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) v[i] /= (float) norm;
        if (norm == 1) v[0] = 1;
        return v;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow(); // its threads would otherwise keep the JVM alive after the benchmark
    }
}
