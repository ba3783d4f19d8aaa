package dev.sluice.metrics;

import dev.sluice.schemas.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link OperationMetric} rows to {@code webhook.operation_metrics} off the caller's thread.
 *
 * <p>{@link #offer} never blocks: a row is kept ({@code sluice.metrics.buffer-rows} at most, counting the batch
 * being written) or, when that many are held, dropped and counted. One writer thread takes up to
 * {@code sluice.metrics.batch-rows} rows at a time and inserts them in one transaction, as INSERT statements of up to
 * {@value #ROWS_PER_STATEMENT} rows each, so a batch is written whole or not at all. While
 * PostgreSQL is unreachable the thread keeps its batch and the queue, retries with exponential backoff (up to 30 s
 * between tries) and resumes by itself when the database answers again; rows that arrive meanwhile wait in the queue
 * until it is full. Drops are logged as a summary at most once a minute; a batch the database refuses for its content
 * (never expected) is dropped and counted too, so one bad row cannot stop the writer.
 */
public final class OperationMetricsWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperationMetricsWriter.class);
    private static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);
    private static final String INSERT_INTO = "INSERT INTO webhook.operation_metrics (\"timestamp\", "
            + "operation_type, operation_name, duration_ms, success, error_message, document_url, job_id, crawl_id, "
            + "extra_metadata, batch_id, kafka_partition, attempt) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";
    private static final int COLUMNS = 13;
    /**
     * Rows per INSERT statement. Each statement is a round trip, so a batch goes as a few multi-row statements rather
     * than a statement per row (against a database 50 ms away: 500 rows in 0.2 s, not 25 s). The driver's own
     * rewriting ({@code reWriteBatchedInserts}) would do this for every batch of the pool, including the crawl
     * tracker's upserts, which must apply row by row.
     */
    static final int ROWS_PER_STATEMENT = 128;

    private final MetricsDatabase database;
    private final int bufferRows;
    private final int batchRows;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration closeTimeout;
    private final ArrayBlockingQueue<OperationMetric> queue;
    /** Rows accepted and not yet written or dropped: the queue and the batch being written. */
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final Object wakeUp = new Object();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean databaseReachable = true;

    private long droppedAtLastReport;
    private long lastDropReportNanos = System.nanoTime() - REPORT_INTERVAL.toNanos();
    private long outageStartNanos;
    private long lastOutageReportNanos;

    /**
     * @param initialBackoff wait after the first failed write, doubled per failure
     * @param maxBackoff     longest wait between tries
     * @param closeTimeout   how long {@link #close()} keeps trying to write what is queued
     */
    OperationMetricsWriter(MetricsDatabase database, MetricsStoreConfig config, Duration initialBackoff,
            Duration maxBackoff, Duration closeTimeout) {
        this.database = database;
        this.bufferRows = config.bufferRows();
        this.batchRows = config.batchRows();
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.closeTimeout = closeTimeout;
        this.queue = new ArrayBlockingQueue<>(config.bufferRows());
        this.thread = Thread.ofPlatform().daemon().name("sluice-metrics-writer").unstarted(this::run);
    }

    /** Starts a writer on {@code database}, with the buffer and batch sizes of {@code config}. */
    public static OperationMetricsWriter start(MetricsDatabase database, MetricsStoreConfig config) {
        return start(database, config, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    static OperationMetricsWriter start(MetricsDatabase database, MetricsStoreConfig config, Duration initialBackoff,
            Duration maxBackoff, Duration closeTimeout) {
        OperationMetricsWriter writer = new OperationMetricsWriter(database, config, initialBackoff, maxBackoff,
                closeTimeout);
        writer.thread.start();
        return writer;
    }

    /** Queues a row; never blocks. @return {@code false} when it was dropped (buffer full, or closing) */
    public boolean offer(OperationMetric row) {
        if (closing) {
            dropped.incrementAndGet();
            return false;
        }
        // Counted before queueing, so that the queue and the batch in hand together never exceed the buffer.
        if (held.incrementAndGet() > bufferRows) {
            held.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        queue.offer(row); // always room: the queue's capacity is the buffer
        return true;
    }

    /** Queues rows; never blocks. @return how many were dropped */
    public int offerAll(Collection<OperationMetric> rows) {
        int lost = 0;
        for (OperationMetric row : rows) {
            if (!offer(row)) {
                lost++;
            }
        }
        return lost;
    }

    /** Rows accepted and not yet written (including the batch being retried). */
    public long queued() {
        return held.get();
    }

    /** Rows dropped so far: buffer full, refused by the database, or still unwritten when closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Rows written so far. */
    public long written() {
        return written.get();
    }

    /** Batch inserts that failed (each is retried unless the database refused its content). */
    public long failedWrites() {
        return failedWrites.get();
    }

    /** Whether the last write reached the database. */
    public boolean databaseReachable() {
        return databaseReachable;
    }

    public int bufferRows() {
        return bufferRows;
    }

    private void run() {
        List<OperationMetric> batch = new ArrayList<>(batchRows);
        int failures = 0;
        long closeDeadline = Long.MAX_VALUE;
        while (true) {
            reportDrops();
            if (closing && closeDeadline == Long.MAX_VALUE) {
                closeDeadline = System.nanoTime() + closeTimeout.toNanos();
            }
            if (batch.isEmpty()) {
                OperationMetric first;
                try {
                    first = closing ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchRows - 1);
            }
            try {
                database.migrate();
                insertGuarded(batch);
                written.addAndGet(batch.size());
                if (!databaseReachable) {
                    log.info("PostgreSQL reachable again for metrics after {} s; writing the {} rows kept meanwhile",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStartNanos), queued());
                }
                databaseReachable = true;
                failures = 0;
                held.addAndGet(-batch.size());
                batch.clear();
            } catch (SQLException e) {
                failedWrites.incrementAndGet();
                if (!SqlErrors.isTransient(e)) {
                    log.error("PostgreSQL refused a batch of {} metrics rows; they are dropped: {}", batch.size(),
                            SqlErrors.describe(e));
                    dropped.addAndGet(batch.size());
                    held.addAndGet(-batch.size());
                    batch.clear();
                    continue;
                }
                reportOutage(e);
                failures++;
                if (System.nanoTime() >= closeDeadline) {
                    break;
                }
                waitBeforeRetry(failures, closeDeadline);
            }
        }
        long lost = batch.size() + queue.size();
        if (lost > 0) {
            dropped.addAndGet(lost);
            held.addAndGet((int) -lost);
            queue.clear();
            log.warn("Metrics writer closed with {} rows unwritten (PostgreSQL unreachable); they are dropped", lost);
        }
        reportDrops();
    }

    /**
     * A connection cut in the middle of a batch can make the driver fail with an unchecked exception (even an
     * {@link AssertionError} where assertions are on); it is a lost connection all the same, and must not end the
     * writer thread.
     */
    private void insertGuarded(List<OperationMetric> rows) throws SQLException {
        Jdbc.guarded(() -> {
            insert(rows);
            return null;
        });
    }

    private void insert(List<OperationMetric> rows) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
                    insertStatement(c, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT)));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private static void insertStatement(Connection c, List<OperationMetric> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(insertOf(rows.size()))) {
            int at = 0;
            for (OperationMetric r : rows) {
                s.setObject(at + 1, OffsetDateTime.ofInstant(r.timestamp(), ZoneOffset.UTC));
                s.setString(at + 2, r.operationType());
                s.setString(at + 3, r.operationName());
                s.setDouble(at + 4, r.durationMs());
                s.setBoolean(at + 5, r.success());
                s.setString(at + 6, r.errorMessage());
                s.setString(at + 7, r.documentUrl());
                s.setString(at + 8, r.jobId());
                s.setString(at + 9, r.crawlId());
                s.setString(at + 10, r.extraMetadata().isEmpty() ? null
                        : Json.mapper().writeValueAsString(r.extraMetadata()));
                s.setString(at + 11, r.batchId());
                setInteger(s, at + 12, r.kafkaPartition());
                setInteger(s, at + 13, r.attempt());
                at += COLUMNS;
            }
            s.executeUpdate();
        }
    }

    /** An INSERT of {@code rows} rows. */
    static String insertOf(int rows) {
        return INSERT_INTO + String.join(", ", Collections.nCopies(rows, ROW));
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    private void waitBeforeRetry(int failures, long closeDeadline) {
        long backoff = Math.min(maxBackoff.toNanos(),
                initialBackoff.toNanos() << Math.min(failures - 1, 20));
        long wait = Math.min(backoff, Math.max(0, closeDeadline - System.nanoTime()));
        synchronized (wakeUp) {
            try {
                if (!closing || closeDeadline != Long.MAX_VALUE) {
                    TimeUnit.NANOSECONDS.timedWait(wakeUp, Math.max(1, wait));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The first failure of an outage is logged at once, then a reminder at most once a minute. */
    private void reportOutage(SQLException e) {
        long now = System.nanoTime();
        if (databaseReachable) {
            databaseReachable = false;
            outageStartNanos = now;
            lastOutageReportNanos = now;
            log.warn("PostgreSQL unreachable for metrics; keeping up to {} rows and retrying: {}", bufferRows,
                    SqlErrors.describe(e));
        } else if (now - lastOutageReportNanos >= REPORT_INTERVAL.toNanos()) {
            lastOutageReportNanos = now;
            log.warn("PostgreSQL still unreachable for metrics after {} s | queued={} | dropped={} | error={}",
                    TimeUnit.NANOSECONDS.toSeconds(now - outageStartNanos), queued(), dropped(),
                    SqlErrors.describe(e));
        }
    }

    private void reportDrops() {
        long now = System.nanoTime();
        long total = dropped.get();
        if (total > droppedAtLastReport && now - lastDropReportNanos >= REPORT_INTERVAL.toNanos()) {
            log.warn("Metrics rows dropped | dropped={} | dropped_total={} | buffer_rows={} | database_reachable={}",
                    total - droppedAtLastReport, total, bufferRows, databaseReachable);
            droppedAtLastReport = total;
            lastDropReportNanos = now;
        }
    }

    /**
     * Stops taking rows and writes what is queued, waiting at most 5 s for the database; what is left after that is
     * dropped (counted and logged). A write in progress is not cut short.
     */
    @Override
    public void close() {
        closing = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        try {
            thread.join(closeTimeout.toMillis() + 15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
