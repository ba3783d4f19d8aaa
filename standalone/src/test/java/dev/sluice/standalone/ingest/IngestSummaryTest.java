package dev.sluice.standalone.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestSummaryTest {

    private static IngestSummary summary(int failed, int rejected, int missing, boolean waited) {
        return new IngestSummary("src", 10, 10 - rejected, 10 - rejected - failed - missing, 0, 0, failed, rejected,
                missing, 42, Duration.ofSeconds(2), waited, List.of());
    }

    @Test
    void shouldBeOkOnlyWhenNothingFailedWasRejectedOrIsMissing() {
        assertThat(summary(0, 0, 0, true).ok()).isTrue();
        assertThat(summary(1, 0, 0, true).ok()).isFalse();
        assertThat(summary(0, 1, 0, true).ok()).isFalse();
        assertThat(summary(0, 0, 1, true).ok()).isFalse();
    }

    @Test
    void shouldCountDocumentsWithAnOutcomePerSecond() {
        assertThat(summary(2, 0, 0, true).documentsPerSecond()).isEqualTo(5.0);
    }

    @Test
    void shouldCountStoredDocumentsPerSecondWhenNotWaiting() {
        assertThat(summary(0, 2, 0, false).documentsPerSecond()).isEqualTo(4.0);
    }
}
