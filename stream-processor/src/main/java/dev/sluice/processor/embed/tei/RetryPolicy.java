package dev.sluice.processor.embed.tei;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often a failed request is retried and how long to wait before each retry: exponential backoff with full
 * jitter (a uniform delay between zero and a cap that doubles with every retry, up to the maximum), so that many
 * clients that failed together do not come back together. A server's {@code Retry-After} replaces the random delay
 * but is capped at the maximum, so that one answer cannot stall a document beyond its budget.
 */
final class RetryPolicy {
    private final int maxRetries;
    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;

    RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, RandomGenerator random) {
        this.maxRetries = maxRetries;
        this.initialNanos = initialBackoff.toNanos();
        this.maxNanos = maxBackoff.toNanos();
        this.random = random;
    }

    /** Retries after the first attempt, so at most {@code maxRetries() + 1} attempts. */
    int maxRetries() {
        return maxRetries;
    }

    /**
     * The wait before retry number {@code retry} (0 for the first retry).
     *
     * @param retryAfter what the server asked for, if it did
     */
    Duration delay(int retry, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return Duration.ofNanos(Math.min(retryAfter.get().toNanos(), maxNanos));
        }
        return Duration.ofNanos(random.nextLong(ceilingNanos(retry) + 1));
    }

    /** The largest random delay of retry number {@code retry}: {@code min(max, initial * 2^retry)}. */
    Duration ceiling(int retry) {
        return Duration.ofNanos(ceilingNanos(retry));
    }

    private long ceilingNanos(int retry) {
        // Shifting past the maximum would overflow; anything that large is capped anyway.
        if (retry >= Long.numberOfLeadingZeros(initialNanos) - 1) {
            return maxNanos;
        }
        return Math.min(maxNanos, initialNanos << retry);
    }
}
