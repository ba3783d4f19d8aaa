package dev.sluice.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator for the gateway, as wrk2 and Kafka's {@code --throughput} perf tests measure a latency
 * target: requests are sent on a fixed schedule ({@code rate} per second over {@code connections} keep-alive
 * connections, each sending every {@code connections / rate} seconds, staggered), and each latency is taken from the
 * time the request was <em>due</em>, not from when it went out. A stall of the gateway therefore counts against every
 * request that should have been sent during it (no coordinated omission), which a closed loop hides: there, a stalled
 * connection simply sends less.
 *
 * <p>One platform thread per connection, each with an {@link Http1Connection} (prepared request bytes out, the
 * response read back). It runs in the benchmark's JVM, so its CPU (a write and a read per request) is taken from the
 * gateway's two cores.
 */
final class PacedLoad {
    /** Time for the connections' threads to start before the first request is due, so none starts behind. */
    private static final long START_DELAY_NANOS = 50_000_000L;

    private final URI uri;
    private final List<byte[]> requests;

    PacedLoad(URI uri, String bearer, List<Workload.Page> pages) {
        this.uri = uri;
        this.requests = pages.stream().map(p -> Http1Connection.jsonPost(uri, bearer, p.body())).toList();
    }

    /**
     * Offers {@code rate} requests/s for {@code warmUp} then {@code measured}; counts the requests due in the measured
     * window, waiting for the last answers.
     */
    Report.PacedLevel run(int rate, int connections, Duration warmUp, Duration measured) throws InterruptedException {
        long interval = Math.round(connections * 1e9 / rate);
        long start = System.nanoTime() + START_DELAY_NANOS;
        long measureFrom = start + warmUp.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Double> serviceTimes = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long first = start + Math.round(c * 1e9 / rate);
            int offset = c;
            threads.add(Thread.ofPlatform().name("paced-load-" + c).start(() -> {
                try (Http1Connection.Reopening connection = new Http1Connection.Reopening(uri)) {
                    for (long due = first, k = offset; due < measureTo; due += interval, k += connections) {
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        long sent = System.nanoTime();
                        boolean accepted = connection.send(requests.get((int) (k % requests.size()))) == 202;
                        long answered = System.nanoTime();
                        if (due >= measureFrom) {
                            if (accepted) {
                                latencies.add((answered - due) / 1e6);
                                serviceTimes.add((answered - sent) / 1e6);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Report.PacedLevel(rate, connections, latencies.size(), errors.get(), measured.toNanos() / 1e9,
                new ArrayList<>(latencies), new ArrayList<>(serviceTimes));
    }
}
