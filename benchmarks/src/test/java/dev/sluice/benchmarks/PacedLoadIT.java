package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paced generator against a small HTTP server that answers in both framings (fixed length and chunked), refuses
 * one request in five and stalls once: what it sends, what it counts, and that the stall is charged to every request
 * that was due during it, not only to the one that met it.
 */
class PacedLoadIT {
    private static final String BEARER = "test-bearer-0123456789-0123456789-abcdef";
    private static final long STALL_MS = 400;

    private HttpServer server;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<String> bodies = ConcurrentHashMap.newKeySet();
    private final Set<String> authorizations = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/documents", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            long n = received.incrementAndGet();
            if (n == 100) {
                try {
                    Thread.sleep(STALL_MS); // the modelled stall of the server under test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean refuse = n % 5 == 0;
            if (refuse) {
                refused.incrementAndGet();
            }
            byte[] body = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
            // odd requests with a Content-Length, even ones chunked
            exchange.sendResponseHeaders(refuse ? 503 : 202, n % 2 == 1 ? body.length : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldSendOnScheduleAndChargeAStallToEveryRequestDueDuringIt() throws Exception {
        List<Workload.Page> pages = Workload.pages("paced", 20, 2_000);
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/documents");

        // one connection at 200/s: a request due every 5 ms; measured from the 2nd second, the stall is in the 1st
        // half of the 2nd second (request 100 is due at ≈ 0.5 s)
        Report.PacedLevel level = new PacedLoad(uri, BEARER, pages).run(200, 1, Duration.ofMillis(300),
                Duration.ofMillis(1_500));

        assertThat(level.offeredPerSecond()).isEqualTo(200);
        assertThat(level.requests() + level.errors()).isEqualTo(300); // due in the 1.5 s window, each answered
        assertThat(level.errors()).isBetween(59L, 61L);
        assertThat(received.get()).isEqualTo(360);
        assertThat(refused.get()).isEqualTo(72);
        assertThat(authorizations).containsExactly("Bearer " + BEARER);
        assertThat(bodies).isSubsetOf(pages.stream().map(p -> new String(p.body(), StandardCharsets.UTF_8)).toList());
        assertThat(level.serviceMs()).hasSize(level.latencyMs().size());
        // from send, only the request that met the stall waited for it; from when due, the ≈ 80 requests due during
        // it waited too (the first ≈ STALL_MS, the last little)
        assertThat(level.serviceMs()).filteredOn(ms -> ms >= STALL_MS / 2.0).hasSizeLessThanOrEqualTo(1);
        assertThat(level.latencyMs()).filteredOn(ms -> ms >= STALL_MS / 2.0).hasSizeGreaterThanOrEqualTo(25);
        assertThat(Percentiles.of(level.latencyMs(), 100)).isGreaterThanOrEqualTo(STALL_MS * 0.9);
    }
}
