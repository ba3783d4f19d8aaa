package dev.sluice.processor.embed.tei;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldReadDelaySeconds() {
        assertThat(RetryAfter.parse("3", clock)).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(" 0 ", clock)).contains(Duration.ZERO);
    }

    @Test
    void shouldReadAnHttpDateRelativeToNow() {
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 12:00:07 GMT", clock)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 11:00:00 GMT", clock)).contains(Duration.ZERO);
    }

    @Test
    void shouldIgnoreWhatItCannotRead() {
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
        assertThat(RetryAfter.parse("", clock)).isEmpty();
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse("-5", clock)).isEmpty();
        assertThat(RetryAfter.parse("1.5", clock)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999", clock)).isEmpty();
    }
}
