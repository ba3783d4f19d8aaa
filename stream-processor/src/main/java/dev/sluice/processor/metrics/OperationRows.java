package dev.sluice.processor.metrics;

import dev.sluice.metrics.OperationMetric;
import dev.sluice.processor.topology.BatchIds;
import dev.sluice.processor.topology.BatchReport;
import dev.sluice.processor.topology.RejectedRecord;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeError;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a batch into the rows operators' dashboards read: one {@code batch_processing} row, one
 * {@code document_indexing} and one {@code queue_wait} row per document (the time it waited before its work started:
 * in the partition's buffer, then for an indexing slot), and one row per stage each document went through
 * ({@code cleaning}, {@code chunking}, {@code embedding}, {@code vector_upsert}, {@code bm25}), with the batch id,
 * input partition, attempts, URL and job id on each.
 *
 * <p>A batch row is a success when none of its documents failed (its {@code extra_metadata} counts each outcome). A
 * document row's {@code operation_name} is its outcome ({@code indexed}, {@code unchanged}, {@code deleted},
 * {@code failed}) and its duration the document's time from the start of the batch to its outcome. A stage row fails
 * only for the stage at which its document failed. {@code job_id} and {@code crawl_id} both carry the document's job
 * (Firecrawl's crawl or batch-scrape id): the queue job of the old worker no longer exists.
 */
public final class OperationRows {
    public static final String BATCH_PROCESSING = "batch_processing";
    public static final String DOCUMENT_INDEXING = "document_indexing";
    public static final String QUEUE_WAIT = "queue_wait";

    private OperationRows() {}

    public static List<OperationMetric> of(BatchReport batch) {
        List<OperationMetric> rows = new ArrayList<>(1 + batch.outcomes().size() * 7);
        Map<OutcomeStatus, Integer> counts = new EnumMap<>(OutcomeStatus.class);
        int maxAttempts = 1;
        for (int i = 0; i < batch.outcomes().size(); i++) {
            IndexOutcome o = batch.outcomes().get(i);
            counts.merge(o.status(), 1, Integer::sum);
            maxAttempts = Math.max(maxAttempts, o.attempts());
            rows.add(document(batch, o, batch.offsets().get(i)));
            rows.add(queueWait(batch, o));
            for (Stage stage : StagesRun.of(o)) {
                rows.add(stage(batch, o, stage));
            }
        }
        int failed = counts.getOrDefault(OutcomeStatus.FAILED, 0);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("documents", batch.outcomes().size());
        for (OutcomeStatus status : OutcomeStatus.values()) {
            extra.put(status.name().toLowerCase(Locale.ROOT), counts.getOrDefault(status, 0));
        }
        if (!batch.offsets().isEmpty()) {
            extra.put("first_offset", batch.offsets().getFirst());
            extra.put("last_offset", batch.offsets().getLast());
        }
        rows.addFirst(new OperationMetric(batch.completedAt(), BATCH_PROCESSING, "batch", batch.durationMs(),
                failed == 0, failed == 0 ? null : failed + " of " + batch.outcomes().size() + " documents failed",
                null, null, null, extra, batch.batchId(), batch.partition(), maxAttempts));
        return rows;
    }

    /** A record that could not be read: one failed {@code document_indexing} row. */
    public static OperationMetric of(RejectedRecord r) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (r.documentId() != null) {
            extra.put("document_id", r.documentId());
        }
        extra.put("status", "failed");
        extra.put("offset", r.offset());
        extra.put("error_code", r.error().code());
        extra.put("error_stage", r.error().stage().wireName());
        return new OperationMetric(r.at(), DOCUMENT_INDEXING, "failed", 0, false, errorMessage(r.error()), null, null,
                null, extra, BatchIds.of(r.partition(), r.offset()), r.partition(), 1);
    }

    private static OperationMetric document(BatchReport batch, IndexOutcome o, long offset) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("document_id", o.documentId());
        extra.put("status", status(o));
        extra.put("chunk_count", o.chunkCount());
        extra.put("offset", offset);
        if (o.error() != null) {
            extra.put("error_code", o.error().code());
            extra.put("error_stage", o.error().stage().wireName());
            extra.put("retriable", o.error().retriable());
        }
        return new OperationMetric(o.processedAt(), DOCUMENT_INDEXING, status(o), o.timings().totalMs(),
                o.status() != OutcomeStatus.FAILED, o.error() == null ? null : errorMessage(o.error()), o.url(),
                o.jobId(), o.jobId(), extra, batch.batchId(), batch.partition(), o.attempts());
    }

    private static OperationMetric stage(BatchReport batch, IndexOutcome o, Stage stage) {
        boolean failedHere = o.status() == OutcomeStatus.FAILED && o.error().stage() == stage;
        return new OperationMetric(o.processedAt(), stage.wireName(), stage.wireName(), o.timings().of(stage),
                !failedHere, failedHere ? errorMessage(o.error()) : null, o.url(), o.jobId(), o.jobId(),
                Map.of("document_id", o.documentId()), batch.batchId(), batch.partition(), o.attempts());
    }

    /** The time the document waited before any of its work started (buffer, then an indexing slot). */
    private static OperationMetric queueWait(BatchReport batch, IndexOutcome o) {
        return new OperationMetric(o.processedAt(), QUEUE_WAIT, QUEUE_WAIT, o.timings().queueWaitMs(), true, null,
                o.url(), o.jobId(), o.jobId(), Map.of("document_id", o.documentId()), batch.batchId(),
                batch.partition(), o.attempts());
    }

    private static String status(IndexOutcome o) {
        return o.status().name().toLowerCase(Locale.ROOT);
    }

    /** The error's code and message (never document content, by {@link OutcomeError}'s contract). */
    private static String errorMessage(OutcomeError error) {
        return error.code() + ": " + error.message();
    }
}
