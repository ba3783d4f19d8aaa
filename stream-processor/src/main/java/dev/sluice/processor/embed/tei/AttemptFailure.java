package dev.sluice.processor.embed.tei;

import java.time.Duration;
import java.util.Optional;

/**
 * Why one attempt of a request failed, and whether another attempt may succeed. Checked, so that the retry loop
 * cannot forget a case; without a stack trace, because it is control flow, not a bug.
 */
final class AttemptFailure extends Exception {
    private final boolean retriable;
    private final boolean throttled;
    private final transient Optional<Duration> retryAfter;

    private AttemptFailure(boolean retriable, boolean throttled, String reason, Optional<Duration> retryAfter,
            Throwable cause) {
        super(reason, cause, false, false);
        this.retriable = retriable;
        this.throttled = throttled;
        this.retryAfter = retryAfter;
    }

    /** The same request may succeed later: the service was unreachable, slow, overloaded or broken. */
    static AttemptFailure retriable(String reason, Optional<Duration> retryAfter, Throwable cause) {
        return new AttemptFailure(true, false, reason, retryAfter, cause);
    }

    /** The service asked to be called less (429): retriable, and no fault of the request. */
    static AttemptFailure throttled(String reason, Optional<Duration> retryAfter) {
        return new AttemptFailure(true, true, reason, retryAfter, null);
    }

    /** The same request will fail again: the service refused this input or this client. */
    static AttemptFailure permanent(String reason) {
        return new AttemptFailure(false, false, reason, Optional.empty(), null);
    }

    boolean retriable() {
        return retriable;
    }

    boolean throttled() {
        return throttled;
    }

    /** The wait the server asked for ({@code Retry-After}), if it did. */
    Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
