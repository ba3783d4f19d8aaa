package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrk script against a small HTTP server that accepts four requests in five: what wrk sends (the prepared bodies,
 * with the bearer token) and how its report becomes a load level. Needs wrk ({@code .ci/run} installs it).
 */
class WrkLoadIT {
    private static final String BEARER = "test-bearer-0123456789-0123456789-abcdef";

    private HttpServer server;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<String> bodies = ConcurrentHashMap.newKeySet();
    private final Set<String> authorizations = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws Exception {
        assumeTrue(WrkLoad.available(), "wrk is not installed (apt-get install wrk)");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/documents", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            boolean refuse = received.incrementAndGet() % 5 == 0;
            if (refuse) {
                refused.incrementAndGet();
            }
            exchange.sendResponseHeaders(refuse ? 503 : 202, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldSendThePreparedBodiesAndCountWhatWasNotAccepted(@TempDir Path work) throws Exception {
        List<Workload.Page> pages = Workload.pages("wrk", 20, 2_000);
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/documents");

        Report.LoadLevel level = new WrkLoad(uri, BEARER, pages, work).run(4, Duration.ZERO, Duration.ofSeconds(2));

        assertThat(level.connections()).isEqualTo(4);
        assertThat(level.seconds()).isBetween(1.5, 3.0);
        assertThat(level.requests()).isPositive();
        // wrk may stop with requests the server saw but whose answers it did not count
        assertThat(level.requests() + level.errors()).isBetween(received.get() - 4, received.get());
        assertThat(level.errors()).isBetween(refused.get() - 4, refused.get());
        assertThat(authorizations).containsExactly("Bearer " + BEARER);
        assertThat(bodies).isSubsetOf(pages.stream().map(p -> new String(p.body(), StandardCharsets.UTF_8)).toList());
        assertThat(level.latencyMs()).hasSize(1000).allSatisfy(ms -> assertThat(ms).isPositive()).isSorted();
    }
}
