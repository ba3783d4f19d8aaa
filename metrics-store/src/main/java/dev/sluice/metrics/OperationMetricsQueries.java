package dev.sluice.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reads behind {@code GET /api/metrics/operations} and {@code GET /api/metrics/summary}. Every figure is computed
 * in SQL ({@code PERCENTILE_CONT} for percentiles), over the {@code (operation_type, timestamp)} index.
 */
public final class OperationMetricsQueries {
    private static final int QUERY_TIMEOUT_SECONDS = 30;
    private static final String COLUMNS = "id, \"timestamp\", operation_type, operation_name, duration_ms, success, "
            + "error_message, document_url, job_id, crawl_id, extra_metadata::text, batch_id, kafka_partition, attempt";
    private static final String STATISTICS = "SELECT operation_type, count(*), count(*) FILTER (WHERE success), "
            + "count(*) FILTER (WHERE NOT success), avg(duration_ms), "
            + "PERCENTILE_CONT(0.50) WITHIN GROUP (ORDER BY duration_ms), "
            + "PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms), "
            + "PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY duration_ms) "
            + "FROM webhook.operation_metrics WHERE \"timestamp\" > ? GROUP BY operation_type";

    private final MetricsDatabase database;
    private final Clock clock;

    public OperationMetricsQueries(MetricsDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The rows matching {@code filter}, newest first, their total and the figures by type. */
    public OperationsPage operations(OperationsFilter filter) throws SQLException {
        return Jdbc.guarded(() -> read(filter));
    }

    private OperationsPage read(OperationsFilter filter) throws SQLException {
        database.migrate();
        OffsetDateTime since = since(filter.hours());
        StringBuilder where = new StringBuilder(" WHERE \"timestamp\" > ?");
        List<Object> args = new ArrayList<>();
        args.add(since);
        if (filter.operationType() != null) {
            where.append(" AND operation_type = ?");
            args.add(filter.operationType());
        }
        if (filter.operationName() != null) {
            where.append(" AND operation_name = ?");
            args.add(filter.operationName());
        }
        if (filter.documentUrl() != null) {
            where.append(" AND document_url = ?");
            args.add(filter.documentUrl());
        }
        if (filter.success() != null) {
            where.append(" AND success = ?");
            args.add(filter.success());
        }
        try (Connection c = database.dataSource().getConnection()) {
            c.setReadOnly(true);
            List<OperationRow> rows = new ArrayList<>();
            try (PreparedStatement s = prepare(c, "SELECT " + COLUMNS + " FROM webhook.operation_metrics" + where
                    + " ORDER BY \"timestamp\" DESC, id DESC LIMIT ? OFFSET ?", args, filter.limit(), filter.offset());
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            long total;
            try (PreparedStatement s = prepare(c, "SELECT count(*) FROM webhook.operation_metrics" + where, args);
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            return new OperationsPage(rows, total, statistics(c, since));
        }
    }

    /** Figures of the last {@code hours} hours. */
    public OperationsSummary summary(int hours) throws SQLException {
        if (hours < 1) {
            throw new IllegalArgumentException("hours must be >= 1 but was " + hours);
        }
        return Jdbc.guarded(() -> readSummary(hours));
    }

    private OperationsSummary readSummary(int hours) throws SQLException {
        database.migrate();
        OffsetDateTime since = since(hours);
        try (Connection c = database.dataSource().getConnection()) {
            c.setReadOnly(true);
            long total;
            Instant first;
            Instant last;
            try (PreparedStatement s = prepare(c, "SELECT count(*), min(\"timestamp\"), max(\"timestamp\") "
                    + "FROM webhook.operation_metrics WHERE \"timestamp\" > ?", List.of(since));
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
                first = instant(rs.getTimestamp(2));
                last = instant(rs.getTimestamp(3));
            }
            return new OperationsSummary(since.toInstant(), total, first, last, statistics(c, since));
        }
    }

    private static Map<String, TypeStatistics> statistics(Connection c, OffsetDateTime since) throws SQLException {
        Map<String, TypeStatistics> byType = new TreeMap<>();
        try (PreparedStatement s = prepare(c, STATISTICS, List.of(since)); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long total = rs.getLong(2);
                long ok = rs.getLong(3);
                byType.put(rs.getString(1), new TypeStatistics(total, ok, rs.getLong(4),
                        total == 0 ? 0 : (double) ok / total, nullableDouble(rs, 5), nullableDouble(rs, 6),
                        nullableDouble(rs, 7), nullableDouble(rs, 8)));
            }
        }
        return byType;
    }

    private OffsetDateTime since(int hours) {
        return OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofHours(hours)), ZoneOffset.UTC);
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args, Object... more)
            throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        int i = 1;
        for (Object arg : args) {
            s.setObject(i++, arg);
        }
        for (Object arg : more) {
            s.setObject(i++, arg);
        }
        return s;
    }

    private static OperationRow row(ResultSet rs) throws SQLException {
        return new OperationRow(rs.getLong(1), instant(rs.getTimestamp(2)), rs.getString(3), rs.getString(4),
                nullableDouble(rs, 5), rs.getBoolean(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), nullableInt(rs, 13), nullableInt(rs, 14));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
