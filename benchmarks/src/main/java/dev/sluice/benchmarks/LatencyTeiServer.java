package dev.sluice.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.schemas.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A server that speaks TEI's {@code POST /embed} and answers every request after a fixed latency, whatever its size
 * (up to TEI's 32 inputs): the reference workload's embedding server (500 ms per request, 80 concurrent). Vectors are
 * deterministic unit vectors of 384 dimensions.
 */
final class LatencyTeiServer implements AutoCloseable {
    /** {@code -Dbench.trace.tei=true} (or the argument {@code bench.trace.tei=true}): a line per request. */
    private static final boolean TRACE = Boolean.getBoolean("bench.trace.tei");
    private final HttpServer server;
    private final ExecutorService workers;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger inputs = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    final AtomicInteger mostOpen = new AtomicInteger();

    LatencyTeiServer(long latencyMs, int concurrency) throws IOException {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body then waits for the
        // client's delayed ACK (≈ 40 ms a request, measured as 548 ms for a 500 ms request). TEI (axum) sets
        // TCP_NODELAY, so the model does too. Read once, when the JDK server's configuration class loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        workers = Executors.newFixedThreadPool(concurrency);
        server.setExecutor(workers);
        server.createContext("/embed", exchange -> {
            requests.incrementAndGet();
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            List<float[]> vectors = new ArrayList<>();
            for (JsonNode input : body.get("inputs")) {
                vectors.add(vector(input.asString()));
            }
            inputs.addAndGet(vectors.size());
            if (TRACE) {
                System.out.printf("%s TEI request with %d inputs, %d open%n", java.time.LocalTime.now(), vectors.size(),
                        open.get());
            }
            // The answer is ready before the modelled latency ends, as TEI's is: the latency covers all its work.
            byte[] out = Json.mapper().writeValueAsBytes(vectors);
            try {
                Thread.sleep(latencyMs); // the modelled inference time of the reference workload
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            } finally {
                open.decrementAndGet();
            }
        });
        server.start();
    }

    /** Requests, inputs and most requests open at once since the last call; resets the counts. */
    String drainStats() {
        return requests.getAndSet(0) + " requests, " + inputs.getAndSet(0) + " inputs, at most "
                + mostOpen.getAndSet(0) + " at once";
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static float[] vector(String text) {
        float[] v = new float[384];
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            v[(i * 31 + bytes[i]) % 384] += 1;
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
