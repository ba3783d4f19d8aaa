package dev.sluice.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator for the gateway: {@code connections} virtual threads, each sending one single-document
 * POST at a time on its own keep-alive HTTP/1.1 connection ({@link Http1Connection}), the next as soon as the
 * previous is answered. The requests are prepared beforehand (about 5 KB of markdown each, distinct URLs), so the
 * generator spends its CPU on the exchanges only. Counts every answer that arrives within the measured window (after
 * the warm-up), with its latency from its send.
 */
final class GatewayLoad {
    private final URI uri;
    private final List<byte[]> requests;

    GatewayLoad(URI uri, String bearer, List<Workload.Page> pages) {
        this.uri = uri;
        this.requests = pages.stream().map(p -> Http1Connection.jsonPost(uri, bearer, p.body())).toList();
    }

    Report.LoadLevel run(int connections, Duration warmUp, Duration measured) {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                clients.execute(() -> {
                    try (Http1Connection.Reopening connection = new Http1Connection.Reopening(uri)) {
                        while (System.nanoTime() < measureTo) {
                            byte[] request = requests.get((int) (next.getAndIncrement() % requests.size()));
                            long sent = System.nanoTime();
                            boolean accepted = connection.send(request) == 202;
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
                    }
                });
            }
        }
        return new Report.LoadLevel(connections, ok.get(), errors.get(), measured.toNanos() / 1e9,
                new ArrayList<>(latencies));
    }
}
