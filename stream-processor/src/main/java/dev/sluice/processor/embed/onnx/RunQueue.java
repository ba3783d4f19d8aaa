package dev.sluice.processor.embed.onnx;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The in-process model's runs: a fixed number of threads take them from one queue, urgent runs (a search query's)
 * before all others, and the others in the order they came. Without it a query's one short run waited behind every
 * run that indexing had queued — seconds while a backlog drains — and the processor's search answered late or not at
 * all.
 */
final class RunQueue {
    private final ThreadPoolExecutor threads;
    private final AtomicLong arrivals = new AtomicLong();

    RunQueue(int threads, ThreadFactory factory) {
        this.threads = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>(), factory);
    }

    /**
     * Queues {@code run}; its result completes the future. A run whose future is already done when its turn comes
     * (its caller gave up on it) is skipped.
     */
    <T> CompletableFuture<T> submit(Supplier<T> run, boolean urgent) {
        CompletableFuture<T> result = new CompletableFuture<>();
        threads.execute(new Queued(urgent, arrivals.getAndIncrement(), () -> {
            if (result.isDone()) {
                return;
            }
            try {
                result.complete(run.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }));
        return result;
    }

    /** Stops the threads; queued runs are dropped (their callers have all returned: see OnnxEmbedder#close). */
    void shutdownNow() {
        threads.shutdownNow();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return threads.awaitTermination(timeout, unit);
    }

    private record Queued(boolean urgent, long arrival, Runnable body) implements Runnable, Comparable<Queued> {
        @Override
        public void run() {
            body.run();
        }

        @Override
        public int compareTo(Queued other) {
            if (urgent != other.urgent) {
                return urgent ? -1 : 1;
            }
            return Long.compare(arrival, other.arrival);
        }
    }
}
