package dev.sluice.processor.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One linger for all the tasks of a processor instance: when a task flushes a batch because its oldest document
 * waited {@code batch.linger.ms}, every other task flushes, at its next tick, the documents that were already
 * waiting then — as Kafka's producer, once one partition's batch is ready for a broker, drains the batches of every
 * partition that broker leads.
 *
 * <p>Why: documents that arrive together (a crawl's webhooks) spread over all partitions, and each partition's
 * linger would start at its own first document, so the batches of one burst started as far apart as the burst took to
 * arrive (50 posts: ≈ 50 ms), finished as far apart, and needed one exactly-once commit after another. Flushed
 * together, they run together and one commit publishes them (see {@link GroupCommit}). Nothing waits longer than
 * before; a partially filled batch starts earlier, and is smaller than it might have become — cheap, because the
 * embedder and the vector store coalesce the documents of all batches in flight anyway. Full batches (count or
 * bytes) are not lingered flushes and do not move the clock.
 *
 * <p>Shared by the tasks of one instance (one per topology built), across its stream threads: thread-safe.
 */
final class LingerClock {
    private final AtomicLong lastLingeredFlushMs = new AtomicLong(Long.MIN_VALUE);

    /** A task flushed a batch at {@code nowMs} because its oldest document had lingered. */
    void lingeredFlush(long nowMs) {
        lastLingeredFlushMs.accumulateAndGet(nowMs, Math::max);
    }

    /** Whether a document buffered at {@code bufferedAtMs} was already waiting when some task's batch lingered out. */
    boolean overtaken(long bufferedAtMs) {
        return bufferedAtMs <= lastLingeredFlushMs.get();
    }
}
