package dev.sluice.gateway.metrics;

import dev.sluice.metrics.CrawlSession;
import dev.sluice.metrics.CrawlSessions;
import dev.sluice.metrics.MetricsDatabase;
import dev.sluice.metrics.OperationMetricsQueries;
import dev.sluice.metrics.OperationsFilter;
import dev.sluice.metrics.OperationsPage;
import dev.sluice.metrics.OperationsSummary;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics store as the gateway reads it: PostgreSQL through the metrics-store module, or nothing when no
 * {@code sluice.jdbc-url} is configured. Every failure to read becomes a {@link MetricsUnavailableException} (503),
 * never a 500.
 */
public final class MetricsBackend implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsBackend.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    static final String NOT_CONFIGURED = "metrics are not stored: no PostgreSQL is configured for the gateway (set "
            + "sluice.jdbc-url, env SLUICE_JDBC_URL, to the processors' database)";

    private final MetricsDatabase database;
    private final OperationMetricsQueries operations;
    private final CrawlSessions crawls;

    private MetricsBackend(MetricsDatabase database, Clock clock) {
        this.database = database;
        this.operations = database == null ? null : new OperationMetricsQueries(database, clock);
        this.crawls = database == null ? null : new CrawlSessions(database);
    }

    /** Reads {@code database}; it is closed with this backend. */
    public static MetricsBackend of(MetricsDatabase database, Clock clock) {
        return new MetricsBackend(database, clock);
    }

    /** Answers every request with 503, saying how to configure it. */
    public static MetricsBackend none() {
        return new MetricsBackend(null, Clock.systemUTC());
    }

    public boolean configured() {
        return database != null;
    }

    public OperationsPage operations(OperationsFilter filter) {
        return read(() -> operations.operations(filter));
    }

    public OperationsSummary summary(int hours) {
        return read(() -> operations.summary(hours));
    }

    public Optional<CrawlSession> crawl(String jobId) {
        return read(() -> crawls.find(jobId));
    }

    @FunctionalInterface
    private interface Read<T> {
        T get() throws SQLException;
    }

    private <T> T read(Read<T> read) {
        if (database == null) {
            throw new MetricsUnavailableException(NOT_CONFIGURED, null);
        }
        try {
            return read.get();
        } catch (SQLException e) {
            log.warn("Metrics API cannot read PostgreSQL: [{}] {}", e.getSQLState(), firstLine(e.getMessage()));
            throw new MetricsUnavailableException("PostgreSQL did not answer; try again later", RETRY_AFTER);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
    }
}
