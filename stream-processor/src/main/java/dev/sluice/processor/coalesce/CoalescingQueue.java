package dev.sluice.processor.coalesce;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Work waiting for a batch, first come first served. A caller's items go in together, so they stay side by side and
 * usually share a batch. Items whose caller is already done (failed, abandoned) are dropped on the way out.
 *
 * @param <T> an item of work
 */
public final class CoalescingQueue<T extends CoalescingQueue.Item> {

    /** One piece of work in the queue. */
    public interface Item {
        /** Its caller no longer waits for it (answered, failed, abandoned): it need not be sent. */
        boolean isDone();
    }

    /** What one batch may hold; a new one for each batch, as it counts what its batch took. */
    public interface BatchLimit<T> {
        /** Whether {@code next} may join the batch; asked only once the batch holds an item. */
        boolean admits(T next);

        /** Counts {@code item}, just taken into the batch. */
        void add(T item);

        /** Whether the batch can take nothing more. */
        boolean isFull();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private boolean closed;

    /** Adds a caller's items; {@code false} when the queue is closed (nothing is added then). */
    public boolean addAll(List<T> items) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            waiting.addAll(items);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an item is waiting, then takes items in order while the batch's limit admits them (the first item is
     * taken whatever it is). With a {@code linger}, a batch that is not full waits up to that long for more items,
     * counted from its first one. Empty once the queue is closed (items taken while lingering are then dropped:
     * closing fails every waiting caller anyway).
     */
    public List<T> take(Supplier<? extends BatchLimit<T>> limits, Duration linger) throws InterruptedException {
        lock.lock();
        try {
            List<T> batch = new ArrayList<>();
            BatchLimit<T> limit = limits.get();
            long lingerNanos = linger.toNanos();
            while (!closed) {
                moveInto(batch, limit);
                boolean full = limit.isFull() || !waiting.isEmpty(); // what still waits did not fit
                if (full) {
                    return batch;
                }
                if (batch.isEmpty()) {
                    changed.await();
                } else if (lingerNanos > 0) {
                    lingerNanos = changed.awaitNanos(lingerNanos);
                } else {
                    return batch;
                }
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting now (for tests and metrics). */
    public int size() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the queue, wakes a waiting {@link #take}, and hands back the items that were still waiting. */
    public List<T> close() {
        lock.lock();
        try {
            closed = true;
            List<T> left = new ArrayList<>(waiting);
            waiting.clear();
            changed.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    /** Moves items from the head of the queue into {@code batch} while they fit. */
    private void moveInto(List<T> batch, BatchLimit<T> limit) {
        while (!waiting.isEmpty()) {
            T next = waiting.peekFirst();
            if (next.isDone()) {
                waiting.pollFirst();
                continue;
            }
            if (!batch.isEmpty() && (limit.isFull() || !limit.admits(next))) {
                break;
            }
            batch.add(waiting.pollFirst());
            limit.add(next);
        }
    }
}
