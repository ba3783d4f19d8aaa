package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.sluice.testkit.FreshDatabase;
import dev.sluice.testkit.MonitoringContract;
import dev.sluice.testkit.RestartablePostgres;
import dev.sluice.testkit.WithPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithPostgres
class OperationMetricsWriterIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Nested
    class WithTheDatabaseUp {
        @Test
        void shouldWriteEveryRowSoThatTheDashboardQueryGivesItsFigures(FreshDatabase db) throws SQLException {
            Random random = new Random(6);
            List<Double> batchDurations = new ArrayList<>();
            Instant now = Instant.now();
            MetricsStoreConfig config = MetricsStoreConfig.of(db.jdbcUrl(), db.user(), db.password())
                    .withBatchRows(50);
            try (MetricsDatabase database = MetricsDatabase.open(config, "test");
                    OperationMetricsWriter writer = OperationMetricsWriter.start(database, config)) {
                for (int i = 0; i < 237; i++) {
                    double d = 100 + random.nextInt(5000);
                    batchDurations.add(d);
                    assertThat(writer.offer(Rows.row("batch_processing", d, true, now.minusSeconds(i)))).isTrue();
                    writer.offer(Rows.row("document_indexing", d / 4, i % 10 != 0, now.minusSeconds(i)));
                }
                // older than the dashboard's hour: not counted
                writer.offer(Rows.row("batch_processing", 99_999, true, now.minus(Duration.ofHours(2))));

                await().atMost(WAIT).until(() -> writer.written() == 2 * 237 + 1);
                assertThat(writer.dropped()).isZero();
                assertThat(writer.queued()).isZero();
            }

            try (Connection c = db.connect()) {
                double[] figures = Rows.numbers(c, MonitoringContract.DASHBOARD_QUERY);
                assertThat(figures[0]).isEqualTo(237);
                assertThat(figures[1]).isCloseTo(MonitoringContract.average(batchDurations), within(1e-6));
                assertThat(figures[2]).isCloseTo(MonitoringContract.percentileCont(batchDurations, 0.50), within(1e-6));
                assertThat(figures[3]).isCloseTo(MonitoringContract.percentileCont(batchDurations, 0.95), within(1e-6));
                assertThat(figures[4]).isCloseTo(MonitoringContract.percentileCont(batchDurations, 0.99), within(1e-6));
                assertThat(Rows.count(c, "SELECT count(*) FROM webhook.operation_metrics WHERE operation_type = "
                        + "'document_indexing' AND NOT success AND error_message = 'it failed' AND batch_id = "
                        + "'p0-o0' AND kafka_partition = 0 AND attempt = 1 AND (extra_metadata->>'k')::int = 1"))
                        .isEqualTo(24);
            }
        }
    }

    @Nested
    class AgainstADatabaseFarAway {
        @Test
        void shouldSendABatchAsAFewMultiRowInsertsNotAStatementPerRow(FreshDatabase db) throws SQLException {
            MetricsStoreConfig config = MetricsStoreConfig.of(db.jdbcUrl(), db.user(), db.password());
            try (MetricsDatabase database = MetricsDatabase.open(config, "test")) {
                database.migrate();
            }
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                // Every INSERT statement counts itself, as every round trip costs a remote database's latency.
                s.execute("CREATE TABLE webhook.insert_statements (n int NOT NULL)");
                s.execute("CREATE FUNCTION webhook.count_insert() RETURNS trigger LANGUAGE plpgsql AS $$ "
                        + "BEGIN INSERT INTO webhook.insert_statements VALUES (1); RETURN NULL; END $$");
                s.execute("CREATE TRIGGER count_insert AFTER INSERT ON webhook.operation_metrics "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION webhook.count_insert()");
            }
            int rows = 300;
            try (MetricsDatabase database = MetricsDatabase.open(config, "test");
                    OperationMetricsWriter writer = OperationMetricsWriter.start(database, config)) {
                for (int i = 0; i < rows; i++) {
                    writer.offer(Rows.row("document_indexing", i, true, Instant.now()));
                }
                await().atMost(WAIT).until(() -> writer.written() == rows);
            }

            try (Connection c = db.connect()) {
                assertThat(Rows.count(c, "SELECT count(*) FROM webhook.operation_metrics")).isEqualTo(rows);
                // INSERTs of up to 128 rows: 300 rows in one or two batches take a handful of statements, not 300.
                assertThat(Rows.count(c, "SELECT count(*) FROM webhook.insert_statements")).isBetween(1L, 12L);
            }
        }

        @Test
        void shouldGiveUpOnADatabaseThatStopsAnsweringAfterTheSocketTimeout(FreshDatabase db) throws SQLException {
            MetricsStoreConfig config = MetricsStoreConfig.of(db.jdbcUrl(), db.user(), db.password());
            try (MetricsDatabase database = MetricsDatabase.open(config, "test");
                    Connection c = database.dataSource().getConnection()) {
                assertThat(c.getNetworkTimeout()).isEqualTo(MetricsDatabase.SOCKET_TIMEOUT.toMillis());
            }
        }
    }

    @Nested
    class WhenTheDatabaseGoesAway {
        @TempDir
        Path dir;

        @Test
        void shouldKeepRowsUpToItsBufferCountTheRestAndWriteThemWhenItIsBack() throws Exception {
            try (RestartablePostgres pg = RestartablePostgres.start(dir)) {
                MetricsStoreConfig config = MetricsStoreConfig.of(pg.jdbcUrl(), pg.user(), pg.password())
                        .withBufferRows(100).withBatchRows(10);
                long written;
                try (MetricsDatabase database = MetricsDatabase.open(config, "test");
                        OperationMetricsWriter writer = OperationMetricsWriter.start(database, config,
                                Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5))) {
                    Instant now = Instant.now();
                    for (int i = 0; i < 20; i++) {
                        writer.offer(Rows.row("batch_processing", i, true, now));
                    }
                    await().atMost(WAIT).until(() -> writer.written() == 20);

                    pg.stop();
                    // The writer notices with its next batch, which it keeps.
                    writer.offer(Rows.row("batch_processing", 1, true, now));
                    await().atMost(WAIT).until(() -> !writer.databaseReachable());
                    long start = System.nanoTime();
                    for (int i = 0; i < 149; i++) {
                        writer.offer(Rows.row("batch_processing", i, true, now));
                    }
                    assertThat(Duration.ofNanos(System.nanoTime() - start))
                            .as("offers against a dead database return at once").isLessThan(Duration.ofSeconds(1));
                    // The buffer (100 rows, the batch being retried included) is kept; the rest is counted.
                    assertThat(writer.queued()).isEqualTo(100);
                    assertThat(writer.dropped()).isEqualTo(150 - 100);

                    pg.startAgain();
                    await().atMost(WAIT).until(() -> writer.queued() == 0);
                    assertThat(writer.databaseReachable()).isTrue();
                    assertThat(writer.written()).isEqualTo(20 + 100);
                    assertThat(writer.dropped()).isEqualTo(50);
                    written = writer.written();
                }
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
                    assertThat(Rows.count(c, "SELECT count(*) FROM webhook.operation_metrics"))
                            .as("every row kept was written exactly once").isEqualTo(written);
                }
            }
        }
    }
}
