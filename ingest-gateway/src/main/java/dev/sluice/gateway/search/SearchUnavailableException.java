package dev.sluice.gateway.search;

import java.time.Duration;

/** No stream processor answered a search: answered 503 with {@code Retry-After}, never 500. */
public final class SearchUnavailableException extends RuntimeException {
    private final Duration retryAfter;

    public SearchUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
