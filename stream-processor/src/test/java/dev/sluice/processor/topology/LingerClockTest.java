package dev.sluice.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LingerClockTest {
    private final LingerClock clock = new LingerClock();

    @Test
    void shouldOvertakeNothingBeforeAnyBatchLingeredOut() {
        assertThat(clock.overtaken(Long.MIN_VALUE + 1)).isFalse();
        assertThat(clock.overtaken(0)).isFalse();
    }

    @Test
    void shouldOvertakeTheDocumentsThatWereWaitingWhenABatchLingeredOut() {
        clock.lingeredFlush(1_000);

        assertThat(clock.overtaken(900)).isTrue();
        assertThat(clock.overtaken(1_000)).as("buffered in the same millisecond").isTrue();
        assertThat(clock.overtaken(1_001)).as("arrived after it").isFalse();
    }

    @Test
    void shouldNeverMoveBackWhenAnEarlierFlushIsReportedLate() {
        clock.lingeredFlush(1_000);
        clock.lingeredFlush(700); // another stream thread's tick, computed a little earlier

        assertThat(clock.overtaken(900)).isTrue();
    }
}
