package dev.sluice.gateway.metrics;

import java.time.Duration;

/**
 * The metrics API cannot answer: no PostgreSQL is configured, or it did not answer. Answered 503; with
 * {@code Retry-After} when trying again may help.
 */
public class MetricsUnavailableException extends RuntimeException {
    private final Duration retryAfter;

    public MetricsUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When to try again, or {@code null} when only configuration helps. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
