package dev.sluice.processor.coalesce;

import dev.sluice.processor.coalesce.CoalescingQueue.BatchLimit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends batches of a {@link CoalescingQueue}, at most {@code maxInFlight} at once, each on a virtual thread of its own.
 * The batch is taken only once a slot is free: while all slots are busy, the queue grows, and the next batch takes as
 * much as fits. Runs until {@link #close()}.
 *
 * @param <T> an item of work
 */
public final class BatchDispatcher<T extends CoalescingQueue.Item> implements AutoCloseable {
    private final CoalescingQueue<T> queue;
    private final Supplier<? extends BatchLimit<T>> limits;
    private final Duration linger;
    private final Consumer<List<T>> send;
    private final Consumer<List<T>> refuse;
    private final Semaphore slots;
    private final ExecutorService batches;
    private final Thread dispatcher;
    private volatile boolean closed;

    /**
     * Starts dispatching.
     *
     * @param name        thread names start with it ({@code name-coalescer}, {@code name-batch-N})
     * @param limits      a new limit for each batch
     * @param linger      how long a batch that is not full may wait for more items
     * @param send        sends a batch, and answers or fails all its items; runs on the batch's own thread
     * @param refuse      fails the items of a batch that can no longer be sent (closing)
     */
    public BatchDispatcher(String name, CoalescingQueue<T> queue, int maxInFlight,
            Supplier<? extends BatchLimit<T>> limits, Duration linger, Consumer<List<T>> send,
            Consumer<List<T>> refuse) {
        this.queue = queue;
        this.limits = limits;
        this.linger = linger;
        this.send = send;
        this.refuse = refuse;
        this.slots = new Semaphore(maxInFlight);
        this.batches = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-batch-", 0).factory());
        this.dispatcher = Thread.ofVirtual().name(name + "-coalescer").start(this::dispatch);
    }

    /** Stops taking batches and interrupts those in flight; the queue is closed by its owner. */
    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
        batches.shutdownNow();
    }

    /** Takes a slot, then a batch, and hands it to a virtual thread; until closed. */
    private void dispatch() {
        while (!closed) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            List<T> batch;
            try {
                batch = queue.take(limits, linger);
            } catch (InterruptedException e) {
                slots.release();
                return;
            }
            if (batch.isEmpty()) {
                slots.release();
                return;
            }
            try {
                batches.execute(() -> {
                    try {
                        send.accept(batch);
                    } finally {
                        slots.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                slots.release();
                refuse.accept(batch);
                return;
            }
        }
    }
}
