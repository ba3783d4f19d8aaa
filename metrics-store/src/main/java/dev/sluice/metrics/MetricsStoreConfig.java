package dev.sluice.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach PostgreSQL and how the metrics store behaves. Keys are those of the applications' configuration.
 *
 * @param jdbcUrl        {@code jdbc:postgresql://...} ({@code sluice.jdbc-url}, env {@code SLUICE_JDBC_URL}); user
 *                       and password may also be given in it
 * @param user           user name, or {@code null} ({@code sluice.jdbc-user}, env {@code SLUICE_JDBC_USER})
 * @param password       password, or {@code null} ({@code sluice.jdbc-password}, env {@code SLUICE_JDBC_PASSWORD});
 *                       never logged
 * @param bufferRows     rows the writer keeps while PostgreSQL is slow or away; beyond that new rows are dropped and
 *                       counted ({@code sluice.metrics.buffer-rows}, default 100,000)
 * @param batchRows      rows per insert transaction ({@code sluice.metrics.batch-rows}, default 500)
 * @param retentionDays  rows older than this many days are deleted daily ({@code sluice.metrics.retention-days},
 *                       default 90)
 * @param poolSize       connections at most ({@code sluice.metrics.pool-size}, default 4)
 * @param connectTimeout how long getting a connection may take before the attempt counts as failed (the writer
 *                       retries; an API request answers 503) ({@code sluice.metrics.connect-timeout}, default 3 s)
 */
public record MetricsStoreConfig(String jdbcUrl, String user, String password, int bufferRows, int batchRows,
        int retentionDays, int poolSize, Duration connectTimeout) {

    public static final int DEFAULT_BUFFER_ROWS = 100_000;
    public static final int DEFAULT_BATCH_ROWS = 500;
    public static final int DEFAULT_RETENTION_DAYS = 90;
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    public MetricsStoreConfig {
        Objects.requireNonNull(jdbcUrl, "sluice.jdbc-url");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            // Not echoed: a JDBC URL may carry a password.
            throw new IllegalArgumentException("sluice.jdbc-url must start with jdbc:postgresql:");
        }
        user = blankToNull(user);
        password = blankToNull(password);
        if (bufferRows < 1) {
            throw new IllegalArgumentException("sluice.metrics.buffer-rows must be >= 1 but was " + bufferRows);
        }
        if (batchRows < 1 || batchRows > 10_000) {
            throw new IllegalArgumentException("sluice.metrics.batch-rows must be in 1..10000 but was " + batchRows);
        }
        if (retentionDays < 1) {
            throw new IllegalArgumentException("sluice.metrics.retention-days must be >= 1 but was " + retentionDays);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("sluice.metrics.pool-size must be >= 1 but was " + poolSize);
        }
        if (connectTimeout == null || connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("sluice.metrics.connect-timeout must be >= 250ms but was "
                    + connectTimeout);
        }
    }

    /** The defaults for everything but the connection. */
    public static MetricsStoreConfig of(String jdbcUrl, String user, String password) {
        return new MetricsStoreConfig(jdbcUrl, user, password, DEFAULT_BUFFER_ROWS, DEFAULT_BATCH_ROWS,
                DEFAULT_RETENTION_DAYS, DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT);
    }

    public MetricsStoreConfig withBufferRows(int rows) {
        return new MetricsStoreConfig(jdbcUrl, user, password, rows, batchRows, retentionDays, poolSize,
                connectTimeout);
    }

    public MetricsStoreConfig withBatchRows(int rows) {
        return new MetricsStoreConfig(jdbcUrl, user, password, bufferRows, rows, retentionDays, poolSize,
                connectTimeout);
    }

    public MetricsStoreConfig withRetentionDays(int days) {
        return new MetricsStoreConfig(jdbcUrl, user, password, bufferRows, batchRows, days, poolSize, connectTimeout);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The password never appears. */
    @Override
    public String toString() {
        return "MetricsStoreConfig[bufferRows=" + bufferRows + ", batchRows=" + batchRows + ", retentionDays="
                + retentionDays + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout + "]";
    }
}
