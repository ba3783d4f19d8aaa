package dev.sluice.processor.topology;

import dev.sluice.processor.engine.IndexResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The batches of one task being indexed off the stream thread: started on the executor, collected on the stream
 * thread once done, dropped at close. Each holds its room in the instance's {@link InflightLimiter} until it is
 * collected or dropped, and is known to the thread's {@link GroupCommit}.
 *
 * <p>Used by one stream thread only; not thread-safe.
 *
 * @param <E> an entry of a batch: a buffered record
 */
final class InFlightBatches<E> {
    /** The indexing of a batch; throws {@link InterruptedException} when its worker is interrupted (dropped). */
    @FunctionalInterface
    interface Work {
        List<IndexResult> run() throws InterruptedException;
    }

    /**
     * A batch in flight. {@code worker} is the thread indexing it while it runs: cancelling a CompletableFuture
     * interrupts none.
     */
    record Batch<E>(String batchId, List<E> entries, long bytes, long startNanos, long submittedAtMs,
            CompletableFuture<List<IndexResult>> future, AtomicLong doneNanos, AtomicReference<Thread> worker,
            GroupCommit group) {

        /**
         * Its results once done, or {@code null} when the indexer itself failed (no document's failure: those are
         * results).
         */
        List<IndexResult> resultsOrNull() {
            return future.state() == Future.State.SUCCESS ? future.resultNow() : null;
        }

        /** Why a done batch has no results. */
        Throwable failure() {
            return future.state() == Future.State.FAILED ? future.exceptionNow() : new CancellationException();
        }
    }

    private final Executor executor;
    private final InflightLimiter limiter;
    private final List<Batch<E>> batches = new ArrayList<>();

    InFlightBatches(Executor executor, InflightLimiter limiter) {
        this.executor = executor;
        this.limiter = limiter;
    }

    /** Starts indexing a batch whose room in the limiter is already taken. */
    Batch<E> start(String batchId, List<E> entries, long bytes, long submittedAtMs, Work work) {
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<List<IndexResult>> future = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            try {
                return work.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            } finally {
                worker.set(null);
            }
        }, executor);
        AtomicLong doneNanos = new AtomicLong();
        future.whenComplete((results, failure) -> doneNanos.set(System.nanoTime()));
        long startNanos = System.nanoTime();
        GroupCommit group = GroupCommit.ofCurrentThread();
        group.started(startNanos);
        Batch<E> batch = new Batch<>(batchId, entries, bytes, startNanos, submittedAtMs, future, doneNanos, worker,
                group);
        batches.add(batch);
        return batch;
    }

    /** The batches that are done, in the order they started, out of flight (their room in the limiter given back). */
    List<Batch<E>> takeDone() {
        List<Batch<E>> done = new ArrayList<>();
        Iterator<Batch<E>> it = batches.iterator();
        while (it.hasNext()) {
            Batch<E> batch = it.next();
            if (batch.future().isDone()) {
                it.remove();
                limiter.release(batch.entries().size(), batch.bytes());
                done.add(batch);
            }
        }
        return done;
    }

    /** Waits up to {@code max} for the oldest batch (backpressure); returns at once when none is in flight. */
    void awaitOldest(Duration max) throws InterruptedException {
        if (batches.isEmpty()) {
            return;
        }
        try {
            batches.getFirst().future().get(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // handled when collected
        }
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /**
     * Waits until {@code deadlineNanos} for the batches, then drops them all: cancelled, their workers interrupted
     * (left running, a dropped batch would go on retrying against the task's closed indexes, hold indexing permits,
     * and could write an old version into a shared vector store after the partition's new owner wrote a newer one),
     * their room given back. Returns how many were dropped.
     */
    int dropAll(long deadlineNanos) {
        for (Batch<E> batch : batches) {
            try {
                batch.future().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                // dropped either way
            }
        }
        for (Batch<E> batch : batches) {
            batch.future().cancel(true);
            Thread worker = batch.worker().get();
            if (worker != null) {
                worker.interrupt();
            }
            limiter.release(batch.entries().size(), batch.bytes());
            batch.group().abandoned(batch.startNanos());
        }
        int dropped = batches.size();
        batches.clear();
        return dropped;
    }
}
