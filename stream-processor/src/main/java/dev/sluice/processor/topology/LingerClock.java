package dev.sluice.processor.topology;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One linger, and one notion of quiet, for all the tasks of a processor instance: when a task flushes a batch because
 * its oldest document waited {@code batch.linger.ms}, every other task flushes, at its next tick, the documents that
 * were already waiting then — as Kafka's producer, once one partition's batch is ready for a broker, drains the
 * batches of every partition that broker leads.
 *
 * <p>Why: documents that arrive together (a crawl's webhooks) spread over all partitions, and each partition's
 * linger would start at its own first document, so the batches of one burst started as far apart as the burst took to
 * arrive (50 posts: ≈ 50 ms), finished as far apart, and needed one exactly-once commit after another. Flushed
 * together, they run together and one commit publishes them (see {@link GroupCommit}). Nothing waits longer than
 * before; a partially filled batch starts earlier, and is smaller than it might have become — cheap, because the
 * embedder and the vector store coalesce the documents of all batches in flight anyway. Full batches (count or
 * bytes) are not lingered flushes and do not move the clock.
 *
 * <p>The end of a burst need not wait out the linger: once no document has reached any task of the instance for
 * {@code batch.idle.ms}, every task flushes what waits (as Logstash dispatches an undersized batch after
 * {@code pipeline.batch.delay} without a new event). A crawl's 50 posts arrive within 20–50 ms, so its batches
 * start 10–20 ms after the last one instead of 100 ms after the first; a steady stream, never quiet that long, is
 * batched by count, bytes and linger as before.
 *
 * <p>Shared by the tasks of one instance (one per topology built), across its stream threads: thread-safe.
 */
final class LingerClock {
    private final AtomicLong lastLingeredFlushMs = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastArrivalMs = new AtomicLong(Long.MIN_VALUE);

    /** A document reached one of the instance's tasks at {@code nowMs}. */
    void arrived(long nowMs) {
        if (lastArrivalMs.get() < nowMs) { // a read first: most records of a burst arrive in the same millisecond
            lastArrivalMs.accumulateAndGet(nowMs, Math::max);
        }
    }

    /** Whether no document has reached the instance for {@code idle} (some did at some point). */
    boolean quiet(long nowMs, Duration idle) {
        long last = lastArrivalMs.get();
        return last != Long.MIN_VALUE && nowMs - last >= idle.toMillis();
    }

    /** A task flushed a batch at {@code nowMs} because its oldest document had lingered, or the input went quiet. */
    void lingeredFlush(long nowMs) {
        lastLingeredFlushMs.accumulateAndGet(nowMs, Math::max);
    }

    /** Whether a document buffered at {@code bufferedAtMs} was already waiting when some task's batch lingered out. */
    boolean overtaken(long bufferedAtMs) {
        return bufferedAtMs <= lastLingeredFlushMs.get();
    }
}
