package dev.sluice.gateway.publish;

import java.time.Duration;

/** Kafka did not acknowledge every record of a request in time: answered 503 with {@code Retry-After}. */
public final class StorageUnavailableException extends RuntimeException {
    private final Duration retryAfter;

    public StorageUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
