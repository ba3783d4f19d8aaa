package dev.sluice.processor.topology;

import java.time.Duration;
import java.util.TreeMap;

/**
 * Group commit for the tasks of one stream thread: when outcomes are ready to commit while batches that started
 * about as early are still running, the commit waits a little for them — up to {@code batch.commit.delay.ms} — so
 * that one commit makes all of their outcomes visible. The idea and its trade-off are PostgreSQL's
 * {@code commit_delay}/{@code commit_siblings}.
 *
 * <p>Why: under exactly-once a commit blocks the stream thread for tens of milliseconds (producer flush, offsets,
 * end of transaction), and every task of the thread shares it. Batches flushed together (one linger, many
 * partitions) finish within a few milliseconds of each other, but each task notices its own on its own tick: without
 * this, the first finished batch started a commit, the others finished during it, waited for it, and then needed one
 * more each — the last outcomes of a crawl came one or two commits late.
 *
 * <p>Siblings are the running batches started at most {@code delay} before or after the earliest batch whose outcomes
 * wait for the commit: those are expected to finish about as soon. Batches started later, or much earlier (one stuck
 * in retries), do not hold the commit back; and whatever runs, no outcome waits longer than {@code delay} for it.
 *
 * <p>One instance per stream thread ({@link #ofCurrentThread}); it is only used by that thread, as are the
 * processors of its tasks. Not thread-safe.
 */
final class GroupCommit {
    private static final ThreadLocal<GroupCommit> PER_THREAD = ThreadLocal.withInitial(GroupCommit::new);

    /** Start times (nanos) of the batches running on this thread, with how many started at each. */
    private final TreeMap<Long, Integer> running = new TreeMap<>();
    /** Start time of the earliest batch whose outcomes wait for the commit; {@code null} when none waits. */
    private Long earliestUncommittedStart;
    /** When the first of those outcomes was forwarded. */
    private long uncommittedSinceNanos;

    static GroupCommit ofCurrentThread() {
        return PER_THREAD.get();
    }

    void started(long startNanos) {
        running.merge(startNanos, 1, Integer::sum);
    }

    /** A batch ended without outcomes (dropped at close, or failed as a whole). */
    void abandoned(long startNanos) {
        running.computeIfPresent(startNanos, (k, n) -> n == 1 ? null : n - 1);
    }

    /** A batch's outcomes were forwarded and wait for the commit. */
    void forwarded(long startNanos, long nowNanos) {
        abandoned(startNanos);
        if (earliestUncommittedStart == null) {
            earliestUncommittedStart = startNanos;
            uncommittedSinceNanos = nowNanos;
        } else {
            earliestUncommittedStart = Math.min(earliestUncommittedStart, startNanos);
        }
    }

    /**
     * Whether forwarded outcomes should be committed now: some wait, and either no sibling is still running or they
     * have waited {@code delay}. Resets the waiting state when it answers {@code true} (the caller then commits).
     */
    boolean commitDue(Duration delay, long nowNanos) {
        if (earliestUncommittedStart == null) {
            return false;
        }
        long window = delay.toNanos();
        boolean siblingRunning = !running.subMap(earliestUncommittedStart - window, true,
                earliestUncommittedStart + window, true).isEmpty();
        if (siblingRunning && nowNanos - uncommittedSinceNanos < delay.toNanos()) {
            return false;
        }
        earliestUncommittedStart = null;
        return true;
    }
}
