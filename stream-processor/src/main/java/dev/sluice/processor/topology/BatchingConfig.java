package dev.sluice.processor.topology;

import java.time.Duration;

/**
 * When a partition's buffer is flushed into a batch, and how long a closing task waits for its batches.
 *
 * @param maxDocuments     flush when this many documents wait ({@code batch.max.documents}, env
 *                         {@code WEBHOOK_WORKER_BATCH_SIZE}, default 16)
 * @param maxBytes         flush when the waiting documents' values add up to this many bytes
 *                         ({@code batch.max.bytes}, default 8 MiB)
 * @param linger           flush when the oldest waiting document has waited this long, however few there are
 *                         ({@code batch.linger.ms}, default 100 ms); checked by a wall-clock punctuator, so a quiet
 *                         input never holds a document longer. The instance's tasks share it: when one flushes a
 *                         lingered batch, the others flush what was waiting then ({@link LingerClock})
 * @param idle             flush what waits, however young, once no document has reached the instance for this long
 *                         ({@code batch.idle.ms}, default 10 ms): the end of a burst does not wait out the linger.
 *                         At or above {@code linger} it changes nothing
 * @param maxBuffered      documents a task may hold (waiting and in flight) before it stops taking input until
 *                         some are done ({@code batch.buffer.max.documents}, default 10,000)
 * @param closeTimeout     how long a closing task waits for its batches in flight before it drops them (their
 *                         records stay in the buffer and the next owner redoes them) ({@code batch.close.timeout.ms},
 *                         default 10 s)
 * @param commitDelay      how long finished outcomes may wait for the batches that started about as early as theirs,
 *                         so that one commit publishes them all ({@code batch.commit.delay.ms}, default 20 ms; 0:
 *                         commit at once); see {@link GroupCommit}
 */
public record BatchingConfig(int maxDocuments, long maxBytes, Duration linger, Duration idle, int maxBuffered,
        Duration closeTimeout, Duration commitDelay) {

    public static final Duration DEFAULT_IDLE = Duration.ofMillis(10);
    public static final Duration DEFAULT_COMMIT_DELAY = Duration.ofMillis(20);

    public static final BatchingConfig DEFAULT =
            new BatchingConfig(16, 8L << 20, Duration.ofMillis(100), 10_000, Duration.ofSeconds(10));

    /** With the default idle time and commit delay. */
    public BatchingConfig(int maxDocuments, long maxBytes, Duration linger, int maxBuffered, Duration closeTimeout) {
        this(maxDocuments, maxBytes, linger, DEFAULT_IDLE, maxBuffered, closeTimeout, DEFAULT_COMMIT_DELAY);
    }

    public BatchingConfig {
        if (maxDocuments < 1) {
            throw new IllegalArgumentException("batch.max.documents must be >= 1 but was " + maxDocuments);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("batch.max.bytes must be >= 1 but was " + maxBytes);
        }
        if (linger == null || linger.isNegative()) {
            throw new IllegalArgumentException("batch.linger.ms must be >= 0 but was " + linger);
        }
        if (idle == null || idle.isNegative()) {
            throw new IllegalArgumentException("batch.idle.ms must be >= 0 but was " + idle);
        }
        if (maxBuffered < maxDocuments) {
            throw new IllegalArgumentException("batch.buffer.max.documents (" + maxBuffered
                    + ") must be >= batch.max.documents (" + maxDocuments + ")");
        }
        if (closeTimeout == null || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("batch.close.timeout.ms must be >= 0 but was " + closeTimeout);
        }
        if (commitDelay == null || commitDelay.isNegative()) {
            throw new IllegalArgumentException("batch.commit.delay.ms must be >= 0 but was " + commitDelay);
        }
    }

    public BatchingConfig withMaxDocuments(int n) {
        return new BatchingConfig(n, maxBytes, linger, idle, Math.max(maxBuffered, n), closeTimeout, commitDelay);
    }

    public BatchingConfig withLinger(Duration d) {
        return new BatchingConfig(maxDocuments, maxBytes, d, idle, maxBuffered, closeTimeout, commitDelay);
    }

    public BatchingConfig withIdle(Duration d) {
        return new BatchingConfig(maxDocuments, maxBytes, linger, d, maxBuffered, closeTimeout, commitDelay);
    }

    public BatchingConfig withCommitDelay(Duration d) {
        return new BatchingConfig(maxDocuments, maxBytes, linger, idle, maxBuffered, closeTimeout, d);
    }
}
