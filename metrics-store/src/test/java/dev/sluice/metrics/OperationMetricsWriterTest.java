package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The writer's promises to its callers, with nothing listening where the database should be. */
class OperationMetricsWriterTest {
    private static final MetricsStoreConfig NO_DATABASE = new MetricsStoreConfig(
            "jdbc:postgresql://127.0.0.1:1/nothing", "u", "p", 10, 5, 90, 1, Duration.ofMillis(250));

    @Test
    void shouldNeverBlockTheCallerAndCountWhatDoesNotFitInTheBuffer() {
        try (MetricsDatabase database = MetricsDatabase.open(NO_DATABASE, "test");
                OperationMetricsWriter writer = OperationMetricsWriter.start(database, NO_DATABASE,
                        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(200))) {
            writer.offer(Rows.row("batch_processing", 1, true, Instant.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> !writer.databaseReachable());

            long start = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                writer.offer(Rows.row("batch_processing", i, true, Instant.now()));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(writer.queued()).isEqualTo(10); // the buffer, the batch being retried included
            assertThat(writer.dropped()).isEqualTo(10_001 - 10);
            assertThat(writer.written()).isZero();
            assertThat(writer.failedWrites()).isPositive();
        }
    }

    @Test
    void shouldCloseInBoundedTimeCountingWhatItCouldNotWrite() {
        MetricsDatabase database = MetricsDatabase.open(NO_DATABASE, "test");
        OperationMetricsWriter writer = OperationMetricsWriter.start(database, NO_DATABASE, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofMillis(200));
        for (int i = 0; i < 7; i++) {
            writer.offer(Rows.row("document_indexing", i, true, Instant.now()));
        }
        long start = System.nanoTime();
        writer.close();
        database.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(writer.dropped()).isEqualTo(7);
        assertThat(writer.queued()).isZero();
        assertThat(writer.offer(Rows.row("document_indexing", 1, true, Instant.now()))).isFalse();
        assertThat(writer.dropped()).isEqualTo(8);
    }
}
