package dev.sluice.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Reads crawl sessions, for {@code GET /api/crawls/{jobId}}. */
public final class CrawlSessions {
    private final MetricsDatabase database;

    public CrawlSessions(MetricsDatabase database) {
        this.database = database;
    }

    /** The session of {@code jobId}, if any fact about that job arrived. */
    public Optional<CrawlSession> find(String jobId) throws SQLException {
        return Jdbc.guarded(() -> read(jobId));
    }

    private Optional<CrawlSession> read(String jobId) throws SQLException {
        database.migrate();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT job_id, base_url, status, started_at, completed_at, "
                        + "first_page_at, last_outcome_at, pages_received, pages_indexed, pages_unchanged, "
                        + "pages_failed, crawler_pages_total, crawler_pages_completed, crawler_pages_failed, "
                        + "cleaning_ms, chunking_ms, embedding_ms, vector_upsert_ms, bm25_ms, end_to_end_ms, error, "
                        + "updated_at FROM webhook.crawl_sessions WHERE job_id = ?")) {
            s.setQueryTimeout(30);
            s.setString(1, jobId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int received = rs.getInt(8);
                int indexed = rs.getInt(9);
                int unchanged = rs.getInt(10);
                int failed = rs.getInt(11);
                return Optional.of(new CrawlSession(rs.getString(1), rs.getString(2), rs.getString(3),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7)), received, indexed, unchanged, failed,
                        received - indexed - unchanged - failed, integer(rs, 12), integer(rs, 13), integer(rs, 14),
                        new CrawlSession.StageTotals(rs.getLong(15), rs.getLong(16), rs.getLong(17), rs.getLong(18),
                                rs.getLong(19)),
                        longOrNull(rs, 20), rs.getString(21), instant(rs.getTimestamp(22))));
            }
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
