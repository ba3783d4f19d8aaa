package dev.sluice.processor.embed.coalesce;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The texts waiting for a batch, first come first served. A caller's texts go in together, so they stay side by side
 * and usually share a batch. Texts of calls that are already done (failed, abandoned) are dropped on the way out.
 */
final class TextQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<PendingText> waiting = new ArrayDeque<>();
    private boolean closed;

    /** Adds a caller's texts; {@code false} when the queue is closed (nothing is added then). */
    boolean addAll(List<PendingText> texts) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            waiting.addAll(texts);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a text is waiting, then takes texts in order while the batch stays within {@code maxCount} texts
     * and {@code maxBytes} (the first text is taken whatever its size). With a {@code linger}, a batch that is not
     * full waits up to that long for more texts. Empty once the queue is closed (texts taken while lingering are then
     * dropped: closing fails every open call anyway).
     */
    List<PendingText> take(int maxCount, long maxBytes, Duration linger) throws InterruptedException {
        lock.lock();
        try {
            List<PendingText> batch = new ArrayList<>(maxCount);
            long bytes = TextSize.ENVELOPE_BYTES;
            long lingerNanos = linger.toNanos();
            while (!closed) {
                bytes = moveInto(batch, bytes, maxCount, maxBytes);
                boolean full = batch.size() == maxCount || !waiting.isEmpty();
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

    /** Texts waiting now (for tests and metrics). */
    int size() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the queue, wakes a waiting {@link #take}, and hands back the texts that were still waiting. */
    List<PendingText> close() {
        lock.lock();
        try {
            closed = true;
            List<PendingText> left = new ArrayList<>(waiting);
            waiting.clear();
            changed.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    /** Moves texts from the head of the queue into {@code batch} while they fit; returns the batch's new bytes. */
    private long moveInto(List<PendingText> batch, long bytes, int maxCount, long maxBytes) {
        while (batch.size() < maxCount && !waiting.isEmpty()) {
            PendingText next = waiting.peekFirst();
            if (next.call().isDone()) {
                waiting.pollFirst();
                continue;
            }
            if (!batch.isEmpty() && bytes + next.bytes() > maxBytes) {
                break;
            }
            batch.add(waiting.pollFirst());
            bytes += next.bytes();
        }
        return bytes;
    }
}
