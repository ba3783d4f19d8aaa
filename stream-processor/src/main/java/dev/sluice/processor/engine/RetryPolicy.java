package dev.sluice.processor.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a document is retried after a retriable failure: exponential backoff with full jitter,
 * within a budget of attempts and of time.
 *
 * @param maxAttempts    attempts per document, the first included ({@code indexing.max.attempts}, default 5)
 * @param initialBackoff wait before the second attempt, before jitter ({@code indexing.retry.initial.ms}, 200 ms)
 * @param maxBackoff     cap of one wait ({@code indexing.retry.max.ms}, 5 s)
 * @param timeout        a document's whole time budget, retries included ({@code indexing.document.timeout.ms},
 *                       env {@code WEBHOOK_INDEXING_JOB_TIMEOUT} in seconds, default 300 s): no retry is started
 *                       that would end after it
 * @param outageTimeout  how long a document waits, in all, for an embedding or vector service that is down for every
 *                       caller or throttling ({@code sluice.indexing.outage-timeout}, default 1 h). Such waits use
 *                       up neither attempts nor {@code timeout}: an outage alone fails no document before this
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout,
        Duration outageTimeout) {

    public static final Duration DEFAULT_OUTAGE_TIMEOUT = Duration.ofHours(1);

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(300));

    /** One attempt, no retry: what the old worker did. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(300));

    /** With the default outage timeout. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
        this(maxAttempts, initialBackoff, maxBackoff, timeout, DEFAULT_OUTAGE_TIMEOUT);
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("indexing.max.attempts must be >= 1 but was " + maxAttempts);
        }
        requireNonNegative(initialBackoff, "indexing.retry.initial.ms");
        requireNonNegative(maxBackoff, "indexing.retry.max.ms");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("indexing.retry.max.ms (" + maxBackoff.toMillis()
                    + ") must be >= indexing.retry.initial.ms (" + initialBackoff.toMillis() + ")");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("indexing.document.timeout.ms must be > 0 but was " + timeout);
        }
        if (outageTimeout == null || outageTimeout.isNegative()) {
            throw new IllegalArgumentException("sluice.indexing.outage-timeout must be >= 0 but was " + outageTimeout);
        }
    }

    private static void requireNonNegative(Duration d, String key) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be >= 0 but was " + d);
        }
    }

    public RetryPolicy withOutageTimeout(Duration d) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, timeout, d);
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed: random in [0, min(cap, base·2^(n-1))]. */
    public Duration backoff(int attempt) {
        long base = initialBackoff.toMillis();
        long ceiling = Math.min(maxBackoff.toMillis(), base << Math.min(attempt - 1, 20));
        return ceiling <= 0 ? Duration.ZERO : Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
