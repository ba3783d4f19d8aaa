package dev.sluice.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator for the gateway: {@code connections} virtual threads, each sending one single-document
 * POST at a time on its own keep-alive HTTP/1.1 connection (the client's pool holds one per request in flight), the
 * next as soon as the previous is answered. The bodies are prepared beforehand (about 5 KB of markdown each, distinct
 * URLs), so the generator spends its CPU on the requests only. Counts every answer that arrives within the measured
 * window (after the warm-up), with its latency from its send.
 */
final class GatewayLoad {
    private final URI uri;
    private final String bearer;
    private final List<Workload.Page> pages;

    GatewayLoad(URI uri, String bearer, List<Workload.Page> pages) {
        this.uri = uri;
        this.bearer = bearer;
        this.pages = pages;
    }

    Report.LoadLevel run(int connections, Duration warmUp, Duration measured) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        CountDownLatch done = new CountDownLatch(connections);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                clients.execute(() -> {
                    try {
                        while (System.nanoTime() < measureTo) {
                            Workload.Page page = pages.get((int) (next.getAndIncrement() % pages.size()));
                            HttpRequest request = HttpRequest.newBuilder(uri)
                                    .header("Authorization", "Bearer " + bearer)
                                    .header("Content-Type", "application/json")
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(page.body())).build();
                            long sent = System.nanoTime();
                            boolean accepted;
                            try {
                                accepted = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
                                        == 202;
                            } catch (java.io.IOException e) {
                                accepted = false;
                            }
                            long answered = System.nanoTime();
                            // counted as wrk counts: every answer within the window, whenever it was sent
                            if (answered >= measureFrom && answered <= measureTo) {
                                if (accepted) {
                                    ok.incrementAndGet();
                                    latencies.add((answered - sent) / 1e6);
                                } else {
                                    errors.incrementAndGet();
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        } finally {
            http.close();
        }
        return new Report.LoadLevel(connections, ok.get(), errors.get(), measured.toNanos() / 1e9,
                new ArrayList<>(latencies));
    }
}
