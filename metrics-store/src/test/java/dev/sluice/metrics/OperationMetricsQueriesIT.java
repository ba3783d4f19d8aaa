package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.testkit.FreshDatabase;
import dev.sluice.testkit.MonitoringContract;
import dev.sluice.testkit.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@WithPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationMetricsQueriesIT {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private MetricsDatabase database;
    private OperationMetricsQueries queries;
    private final List<Double> recentBatches = new ArrayList<>();

    @BeforeAll
    void fill(FreshDatabase db) throws SQLException {
        database = MetricsDatabase.open(MetricsStoreConfig.of(db.jdbcUrl(), db.user(), db.password()), "test");
        database.migrate();
        queries = new OperationMetricsQueries(database, Clock.fixed(NOW, ZoneOffset.UTC));
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(OperationMetricsWriter.insertOf(1))) {
            for (int i = 0; i < 40; i++) {
                double d = 10 * (i + 1);
                recentBatches.add(d);
                add(s, NOW.minusSeconds(60L * i), "batch_processing", "batch", d, true, null);
            }
            for (int i = 0; i < 10; i++) {
                add(s, NOW.minusSeconds(30L * i), "document_indexing", i < 7 ? "indexed" : "failed", 5 + i, i < 7,
                        "https://example.com/" + (i % 2));
            }
            add(s, NOW.minus(Duration.ofHours(30)), "batch_processing", "batch", 1_000_000, true, null);
            s.executeBatch();
        }
    }

    private static void add(PreparedStatement s, Instant at, String type, String name, double durationMs,
            boolean success, String url) throws SQLException {
        s.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        s.setString(2, type);
        s.setString(3, name);
        s.setDouble(4, durationMs);
        s.setBoolean(5, success);
        s.setString(6, success ? null : "EMBEDDING_UNAVAILABLE at embedding");
        s.setString(7, url);
        s.setString(8, "job-1");
        s.setString(9, "job-1");
        s.setString(10, "{\"documents\": 4}");
        s.setString(11, "p1-o7");
        s.setInt(12, 1);
        s.setInt(13, 2);
        s.addBatch();
    }

    @AfterAll
    void close() {
        database.close();
    }

    private static OperationsFilter filter(String type, String name, String url, Boolean success, int hours,
            int limit, int offset) {
        return new OperationsFilter(type, name, url, success, hours, limit, offset);
    }

    @Nested
    class Statistics {
        @Test
        void shouldGiveEachTypesFiguresOverTheWindow() throws SQLException {
            OperationsPage page = queries.operations(filter("batch_processing", null, null, null, 24, 10, 0));

            TypeStatistics batches = page.byType().get("batch_processing");
            assertThat(batches.total()).isEqualTo(40);
            assertThat(batches.successCount()).isEqualTo(40);
            assertThat(batches.failureCount()).isZero();
            assertThat(batches.successRate()).isEqualTo(1.0);
            assertThat(batches.avgDurationMs()).isCloseTo(MonitoringContract.average(recentBatches), within(1e-9));
            assertThat(batches.p50Ms()).isCloseTo(MonitoringContract.percentileCont(recentBatches, 0.50), within(1e-9));
            assertThat(batches.p95Ms()).isCloseTo(MonitoringContract.percentileCont(recentBatches, 0.95), within(1e-9));
            assertThat(batches.p99Ms()).isCloseTo(MonitoringContract.percentileCont(recentBatches, 0.99), within(1e-9));

            TypeStatistics documents = page.byType().get("document_indexing");
            assertThat(documents.total()).isEqualTo(10);
            assertThat(documents.successCount()).isEqualTo(7);
            assertThat(documents.failureCount()).isEqualTo(3);
            assertThat(documents.successRate()).isCloseTo(0.7, within(1e-9));
        }

        @Test
        void shouldSummariseTheLastHours() throws SQLException {
            OperationsSummary lastHour = queries.summary(1);
            assertThat(lastHour.totalOperations()).isEqualTo(40 + 10);
            assertThat(lastHour.byType().get("batch_processing").total()).isEqualTo(40);
            assertThat(lastHour.firstAt()).isEqualTo(NOW.minusSeconds(60 * 39));
            assertThat(lastHour.lastAt()).isEqualTo(NOW);
            assertThat(lastHour.since()).isEqualTo(NOW.minus(Duration.ofHours(1)));

            assertThat(queries.summary(48).byType().get("batch_processing").total()).isEqualTo(41);
        }
    }

    @Nested
    class Filters {
        @Test
        void shouldListTheNewestRowsFirstAndPage() throws SQLException {
            OperationsPage first = queries.operations(filter("batch_processing", null, null, null, 24, 15, 0));
            OperationsPage third = queries.operations(filter("batch_processing", null, null, null, 24, 15, 30));

            assertThat(first.total()).isEqualTo(40);
            assertThat(first.rows()).hasSize(15);
            assertThat(first.rows().getFirst().timestamp()).isEqualTo(NOW);
            assertThat(first.rows().getFirst().durationMs()).isEqualTo(10.0);
            assertThat(third.rows()).hasSize(10);
            assertThat(third.rows().getLast().durationMs()).isEqualTo(400.0);
            OperationRow row = first.rows().getFirst();
            assertThat(row.batchId()).isEqualTo("p1-o7");
            assertThat(row.kafkaPartition()).isEqualTo(1);
            assertThat(row.attempt()).isEqualTo(2);
            assertThat(row.extraMetadataJson()).isEqualTo("{\"documents\": 4}");
        }

        @Test
        void shouldFilterByNameUrlSuccessAndHours() throws SQLException {
            assertThat(queries.operations(filter(null, "failed", null, null, 24, 100, 0)).total()).isEqualTo(3);
            assertThat(queries.operations(filter("document_indexing", null, "https://example.com/1", null, 24,
                    100, 0)).total()).isEqualTo(5);
            assertThat(queries.operations(filter(null, null, null, false, 24, 100, 0)).rows())
                    .allSatisfy(r -> assertThat(r.errorMessage()).isNotBlank()).hasSize(3);
            assertThat(queries.operations(filter("batch_processing", null, null, null, 48, 100, 0)).total())
                    .isEqualTo(41);
        }

        @Test
        void shouldKeepEveryTypesFiguresWhenOneTypeIsListed() throws SQLException {
            OperationsPage page = queries.operations(filter("batch_processing", null, null, null, 24, 1, 0));
            assertThat(page.byType()).containsKeys("batch_processing", "document_indexing");
        }
    }
}
