package dev.sluice.processor.index.coalesce;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The documents waiting for a call, first come first served. Documents whose caller is already done (abandoned,
 * failed by close) are dropped on the way out.
 */
final class UpsertQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<PendingUpsert> waiting = new ArrayDeque<>();
    private boolean closed;

    /** Adds documents; {@code false} when the queue is closed (nothing is added then). */
    boolean addAll(List<PendingUpsert> documents) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            waiting.addAll(documents);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a document is waiting, then takes documents in order while the call stays within {@code maxPoints}
     * (the first one is taken whatever its size). A call ends before a second version of a document it already has:
     * one call never writes a document twice. With a {@code linger}, a call that is not full waits up to that long
     * for more documents. Empty once the queue is closed (documents taken while lingering are then dropped: closing
     * fails every waiting caller anyway).
     */
    List<PendingUpsert> take(int maxPoints, Duration linger) throws InterruptedException {
        lock.lock();
        try {
            List<PendingUpsert> call = new ArrayList<>();
            Set<String> documentIds = new HashSet<>();
            int points = 0;
            long lingerNanos = linger.toNanos();
            while (!closed) {
                points = moveInto(call, documentIds, points, maxPoints);
                boolean full = points >= maxPoints || !waiting.isEmpty();
                if (full) {
                    return call;
                }
                if (call.isEmpty()) {
                    changed.await();
                } else if (lingerNanos > 0) {
                    lingerNanos = changed.awaitNanos(lingerNanos);
                } else {
                    return call;
                }
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    /** Documents waiting now (for tests and metrics). */
    int size() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the queue, wakes a waiting {@link #take}, and hands back the documents that were still waiting. */
    List<PendingUpsert> close() {
        lock.lock();
        try {
            closed = true;
            List<PendingUpsert> left = new ArrayList<>(waiting);
            waiting.clear();
            changed.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    /** Moves documents from the head of the queue into {@code call} while they fit; returns the call's new points. */
    private int moveInto(List<PendingUpsert> call, Set<String> documentIds, int points, int maxPoints) {
        while (!waiting.isEmpty()) {
            PendingUpsert next = waiting.peekFirst();
            if (next.isDone()) {
                waiting.pollFirst();
                continue;
            }
            if (!call.isEmpty() && (points + next.points() > maxPoints || documentIds.contains(next.documentId()))) {
                break;
            }
            call.add(waiting.pollFirst());
            documentIds.add(next.documentId());
            points += next.points();
        }
        return points;
    }
}
