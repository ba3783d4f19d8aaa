package dev.sluice.processor.embed.tei;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay seconds or an HTTP-date. */
final class RetryAfter {
    private static final int MAX_DIGITS = 12;

    private RetryAfter() {}

    /**
     * The wait the header asks for, measured from {@code clock}'s now for a date; zero for a date in the past;
     * empty when the header is missing or not understood (then the usual backoff applies).
     */
    static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // More digits than this is nonsense; it is capped by the policy anyway.
            return text.length() > MAX_DIGITS
                    ? Optional.empty()
                    : Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
