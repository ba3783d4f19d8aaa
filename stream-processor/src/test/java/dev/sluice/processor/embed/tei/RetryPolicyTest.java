package dev.sluice.processor.embed.tei;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), new SplittableRandom(42));

    @Test
    void shouldDoubleTheCeilingUpToTheMaximum() {
        assertThat(policy.ceiling(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.ceiling(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.ceiling(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.ceiling(1_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldSpreadDelaysOverTheWholeRangeBelowTheCeiling() {
        Duration shortest = Duration.ofDays(1);
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 2_000; i++) {
            Duration delay = policy.delay(2, Optional.empty());
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofMillis(400));
            shortest = delay.compareTo(shortest) < 0 ? delay : shortest;
            longest = delay.compareTo(longest) > 0 ? delay : longest;
        }
        // full jitter: from nearly nothing to nearly the ceiling
        assertThat(shortest).isLessThan(Duration.ofMillis(20));
        assertThat(longest).isGreaterThan(Duration.ofMillis(380));
    }

    @Test
    void shouldHonourRetryAfterUpToTheMaximum() {
        assertThat(policy.delay(0, Optional.of(Duration.ofMillis(700)))).isEqualTo(Duration.ofMillis(700));
        assertThat(policy.delay(0, Optional.of(Duration.ofSeconds(120)))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(3, Optional.of(Duration.ZERO))).isEqualTo(Duration.ZERO);
    }
}
