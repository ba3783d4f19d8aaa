package dev.sluice.metrics;

import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.CrawlEventKind;
import dev.sluice.schemas.DocumentIds;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.StageTimings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Keeps {@code webhook.crawl_sessions} up to date from crawl lifecycle events, the job's documents and their outcomes.
 *
 * <p>Idempotent by construction: every page of a job is one row of {@code webhook.crawl_pages} keyed by job and
 * document id, so a replayed document or outcome updates that row instead of adding one; the session's page counts
 * and stage totals are then recomputed from those rows, never incremented. Events may come in any order (an outcome
 * before its document, pages before {@code started}). When a page has several outcomes (the same page delivered
 * twice), the latest counts — except that {@code unchanged} does not hide an earlier {@code indexed} of the same job.
 * A page the crawler reported as failed counts as received and failed until a later outcome says otherwise.
 *
 * <p>{@link #apply} runs in one transaction and locks the jobs' session rows first (in job-id order), so trackers in
 * several processes may apply facts of the same job at once without losing a count.
 */
public final class CrawlTracker {
    static final String CRAWL_FAILED = "CRAWL_FAILED";

    private final MetricsDatabase database;

    public CrawlTracker(MetricsDatabase database) {
        this.database = database;
    }

    /**
     * Applies facts of any jobs, all or none.
     *
     * @throws SQLException when the database is unreachable or refuses; nothing was applied, so apply them again
     */
    public void apply(List<? extends CrawlFact> facts) throws SQLException {
        if (facts.isEmpty()) {
            return;
        }
        Jdbc.guarded(() -> {
            applyInTransaction(facts);
            return null;
        });
    }

    private void applyInTransaction(List<? extends CrawlFact> facts) throws SQLException {
        database.migrate();
        SortedSet<String> jobs = new TreeSet<>();
        facts.forEach(f -> jobs.add(f.jobId()));
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                lockSessions(c, jobs);
                applyLifecycle(c, facts);
                applyPages(c, facts);
                recompute(c, jobs);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // broken connection: the pool discards it
                }
                throw e;
            }
        }
    }

    private static void lockSessions(Connection c, SortedSet<String> jobs) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO webhook.crawl_sessions (job_id) VALUES (?) ON CONFLICT (job_id) DO NOTHING")) {
            for (String job : jobs) {
                insert.setString(1, job);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT job_id FROM webhook.crawl_sessions WHERE job_id = ANY (?) ORDER BY job_id FOR UPDATE")) {
            lock.setArray(1, c.createArrayOf("text", jobs.toArray()));
            lock.executeQuery().close();
        }
    }

    private static void applyLifecycle(Connection c, List<? extends CrawlFact> facts) throws SQLException {
        try (PreparedStatement started = c.prepareStatement("UPDATE webhook.crawl_sessions SET "
                        + "started_at = LEAST(started_at, ?), base_url = COALESCE(base_url, ?) WHERE job_id = ?");
                PreparedStatement ended = c.prepareStatement("UPDATE webhook.crawl_sessions SET status = ?, "
                        + "completed_at = LEAST(completed_at, ?), base_url = COALESCE(base_url, ?), "
                        + "crawler_pages_total = COALESCE(?, crawler_pages_total), "
                        + "crawler_pages_completed = COALESCE(?, crawler_pages_completed), "
                        + "crawler_pages_failed = COALESCE(?, crawler_pages_failed), error = COALESCE(?, error) "
                        + "WHERE job_id = ?")) {
            for (CrawlFact fact : facts) {
                if (!(fact instanceof CrawlFact.Lifecycle(CrawlEvent e))) {
                    continue;
                }
                switch (e.kind()) {
                    case STARTED -> {
                        started.setObject(1, timestamp(e.at()));
                        started.setString(2, e.url());
                        started.setString(3, e.jobId());
                        started.addBatch();
                    }
                    case COMPLETED, FAILED, CANCELLED -> {
                        CrawlEvent.PageCounts pages = e.pages();
                        ended.setString(1, e.kind().name().toLowerCase(Locale.ROOT));
                        ended.setObject(2, timestamp(e.at()));
                        ended.setString(3, e.url());
                        setInteger(ended, 4, pages == null ? null : pages.total());
                        setInteger(ended, 5, pages == null ? null : pages.completed());
                        setInteger(ended, 6, pages == null ? null : pages.failed());
                        ended.setString(7, abbreviate(e.error()));
                        ended.setString(8, e.jobId());
                        ended.addBatch();
                    }
                    case PAGE_FAILED -> { } // a page: see applyPages
                }
            }
            started.executeBatch();
            ended.executeBatch();
        }
    }

    private static final String UPSERT_OUTCOME = "INSERT INTO webhook.crawl_pages AS p (job_id, document_id, url, "
            + "received_at, status, processed_at, cleaning_ms, chunking_ms, embedding_ms, vector_upsert_ms, bm25_ms, "
            + "error_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (job_id, document_id) DO UPDATE SET url = COALESCE(p.url, EXCLUDED.url), "
            + "received_at = LEAST(p.received_at, EXCLUDED.received_at), status = EXCLUDED.status, "
            + "processed_at = EXCLUDED.processed_at, cleaning_ms = EXCLUDED.cleaning_ms, "
            + "chunking_ms = EXCLUDED.chunking_ms, embedding_ms = EXCLUDED.embedding_ms, "
            + "vector_upsert_ms = EXCLUDED.vector_upsert_ms, bm25_ms = EXCLUDED.bm25_ms, "
            + "error_code = EXCLUDED.error_code "
            + "WHERE p.status IS NULL OR (p.processed_at <= EXCLUDED.processed_at "
            + "AND NOT (p.status = 'indexed' AND EXCLUDED.status = 'unchanged'))";

    private static void applyPages(Connection c, List<? extends CrawlFact> facts) throws SQLException {
        try (PreparedStatement received = c.prepareStatement("INSERT INTO webhook.crawl_pages AS p (job_id, "
                        + "document_id, url, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (job_id, document_id) DO "
                        + "UPDATE SET received_at = LEAST(p.received_at, EXCLUDED.received_at), "
                        + "url = COALESCE(p.url, EXCLUDED.url)");
                PreparedStatement outcome = c.prepareStatement(UPSERT_OUTCOME)) {
            for (CrawlFact fact : facts) {
                switch (fact) {
                    case CrawlFact.PageReceived r -> {
                        received.setString(1, r.jobId());
                        received.setString(2, r.documentId());
                        received.setString(3, r.url());
                        received.setObject(4, timestamp(r.at()));
                        received.addBatch();
                    }
                    case CrawlFact.PageOutcome(IndexOutcome o) -> {
                        if (o.status() == OutcomeStatus.DELETED) {
                            continue; // a deletion is not a page of a crawl
                        }
                        addOutcome(outcome, o.jobId(), o.documentId(), o.url(), null,
                                o.status().name().toLowerCase(Locale.ROOT), o.processedAt(), o.timings(),
                                o.error() == null ? null : o.error().code());
                    }
                    case CrawlFact.Lifecycle(CrawlEvent e) when e.kind() == CrawlEventKind.PAGE_FAILED ->
                            addOutcome(outcome, e.jobId(), failedPageId(e), e.url(), e.at(), "failed", e.at(),
                                    StageTimings.NONE, CRAWL_FAILED);
                    case CrawlFact.Lifecycle l -> { }
                }
            }
            received.executeBatch();
            outcome.executeBatch();
        }
    }

    private static void addOutcome(PreparedStatement s, String jobId, String documentId, String url,
            Instant receivedAt, String status, Instant processedAt, StageTimings t, String errorCode)
            throws SQLException {
        s.setString(1, jobId);
        s.setString(2, documentId);
        s.setString(3, url);
        s.setObject(4, receivedAt == null ? null : timestamp(receivedAt), Types.TIMESTAMP_WITH_TIMEZONE);
        s.setString(5, status);
        s.setObject(6, timestamp(processedAt));
        s.setLong(7, t.cleaningMs());
        s.setLong(8, t.chunkingMs());
        s.setLong(9, t.embeddingMs());
        s.setLong(10, t.vectorUpsertMs());
        s.setLong(11, t.bm25Ms());
        s.setString(12, errorCode);
        s.addBatch();
    }

    /** The page's document id from its URL, as its document would have; else one from the delivery. */
    static String failedPageId(CrawlEvent e) {
        if (e.url() != null) {
            try {
                return DocumentIds.fromUrl(e.url());
            } catch (RuntimeException notAUrl) {
                return "failed:" + e.url();
            }
        }
        return "failed:" + (e.eventId() != null ? e.eventId() : e.at().toString());
    }

    /**
     * Counts and totals from the pages; the end-to-end duration once the crawler has finished and every page has its
     * outcome: from the start (or the first page) to the later of the crawler's end and the last outcome.
     */
    private static void recompute(Connection c, SortedSet<String> jobs) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE webhook.crawl_sessions s SET "
                + "pages_received = a.received, pages_indexed = a.indexed, pages_unchanged = a.unchanged, "
                + "pages_failed = a.failed, cleaning_ms = a.cleaning_ms, chunking_ms = a.chunking_ms, "
                + "embedding_ms = a.embedding_ms, vector_upsert_ms = a.vector_upsert_ms, bm25_ms = a.bm25_ms, "
                + "first_page_at = a.first_page_at, last_outcome_at = a.last_outcome_at, "
                + "end_to_end_ms = CASE WHEN s.status <> 'running' AND a.pending = 0 THEN "
                + "  (EXTRACT(EPOCH FROM (GREATEST(s.completed_at, a.last_outcome_at) "
                + "   - COALESCE(LEAST(s.started_at, a.first_page_at), s.completed_at))) * 1000)::bigint END, "
                + "updated_at = now() "
                + "FROM (SELECT j.job_id, count(p.document_id) AS received, "
                + "  count(*) FILTER (WHERE p.status = 'indexed') AS indexed, "
                + "  count(*) FILTER (WHERE p.status = 'unchanged') AS unchanged, "
                + "  count(*) FILTER (WHERE p.status = 'failed') AS failed, "
                + "  count(p.document_id) FILTER (WHERE p.status IS NULL) AS pending, "
                + "  COALESCE(sum(p.cleaning_ms), 0) AS cleaning_ms, COALESCE(sum(p.chunking_ms), 0) AS chunking_ms, "
                + "  COALESCE(sum(p.embedding_ms), 0) AS embedding_ms, "
                + "  COALESCE(sum(p.vector_upsert_ms), 0) AS vector_upsert_ms, COALESCE(sum(p.bm25_ms), 0) AS bm25_ms, "
                + "  min(LEAST(p.received_at, p.processed_at)) AS first_page_at, max(p.processed_at) AS last_outcome_at "
                + "  FROM unnest(?::text[]) AS j(job_id) LEFT JOIN webhook.crawl_pages p ON p.job_id = j.job_id "
                + "  GROUP BY j.job_id) a "
                + "WHERE s.job_id = a.job_id")) {
            s.setArray(1, c.createArrayOf("text", jobs.toArray()));
            s.executeUpdate();
        }
    }

    private static OffsetDateTime timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000) + "...";
    }
}
