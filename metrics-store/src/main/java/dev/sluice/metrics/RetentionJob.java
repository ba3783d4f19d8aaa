package dev.sluice.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes operation rows older than {@code sluice.metrics.retention-days} (default 90), and crawl sessions (with
 * their pages) not updated for as long. Runs a minute after start and then once a day; deletes in slices of 10,000
 * rows so that no statement holds locks for long. Several processes running it at once is harmless.
 */
public final class RetentionJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final int SLICE = 10_000;

    private final MetricsDatabase database;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public RetentionJob(MetricsDatabase database, int retentionDays, Clock clock) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("sluice.metrics.retention-days must be >= 1 but was " + retentionDays);
        }
        this.database = database;
        this.retention = Duration.ofDays(retentionDays);
        this.clock = clock;
    }

    /** Runs {@link #runOnce()} after {@code initialDelay} and then every {@code period}. */
    public synchronized RetentionJob schedule(Duration initialDelay, Duration period) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("sluice-metrics-retention").factory());
            scheduler.scheduleAtFixedRate(this::runQuietly, initialDelay.toMillis(), period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** The production schedule: a minute after start, then daily. */
    public RetentionJob scheduleDaily() {
        return schedule(Duration.ofMinutes(1), Duration.ofDays(1));
    }

    /**
     * Deletes what is older than the retention now.
     *
     * @return rows deleted (operation rows and crawl sessions together)
     */
    public long runOnce() throws SQLException {
        database.migrate();
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(clock.instant().minus(retention), ZoneOffset.UTC);
        long operations = deleteInSlices("DELETE FROM webhook.operation_metrics WHERE id IN (SELECT id FROM "
                + "webhook.operation_metrics WHERE \"timestamp\" < ? LIMIT " + SLICE + ")", cutoff);
        long pages = deleteInSlices("DELETE FROM webhook.crawl_pages p USING (SELECT job_id FROM "
                + "webhook.crawl_sessions WHERE updated_at < ? LIMIT 100) old WHERE p.job_id = old.job_id", cutoff,
                "DELETE FROM webhook.crawl_sessions WHERE job_id IN (SELECT job_id FROM webhook.crawl_sessions s "
                + "WHERE updated_at < ? AND NOT EXISTS (SELECT 1 FROM webhook.crawl_pages p WHERE p.job_id = s.job_id) "
                + "LIMIT " + SLICE + ")");
        if (operations + pages > 0) {
            log.info("Metrics retention: deleted {} operation rows and {} crawl rows older than {} ({} days)",
                    operations, pages, cutoff.toInstant(), retention.toDays());
        }
        return operations + pages;
    }

    private long deleteInSlices(String sql, OffsetDateTime cutoff, String... then) throws SQLException {
        long total = 0;
        try (Connection c = database.dataSource().getConnection()) {
            for (String statement : concat(sql, then)) {
                try (PreparedStatement s = c.prepareStatement(statement)) {
                    s.setObject(1, cutoff);
                    int n;
                    do {
                        n = s.executeUpdate();
                        total += n;
                    } while (n > 0);
                }
            }
        }
        return total;
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (SQLException | RuntimeException e) {
            log.warn("Metrics retention failed; trying again at the next run: {}", e.toString());
        }
    }

    /** For tests and logs: when rows count as old now. */
    public Instant cutoff() {
        return clock.instant().minus(retention);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
