package dev.sluice.schemas;

import java.time.Instant;

/**
 * The one final outcome of one document version: the value of {@code sluice.outcomes}, keyed by document id.
 *
 * @param schemaVersion version of this message format
 * @param documentId    the document
 * @param url           its URL, if known (a tombstone carries none)
 * @param status        what happened
 * @param chunkCount    chunks now in the indexes for this document (0 when deleted or failed)
 * @param contentHash   SHA-256 (hex) of the cleaned text, if cleaning ran
 * @param batchId       the batch that indexed it
 * @param attempts      how many times indexing was tried (at least 1)
 * @param timings       time per stage
 * @param error         why it failed; present exactly when {@code status} is {@code FAILED}
 * @param jobId         the crawl or batch job of the document, if any (for crawl accounting)
 * @param processedAt   when the outcome was decided
 */
public record IndexOutcome(
        int schemaVersion,
        String documentId,
        String url,
        OutcomeStatus status,
        int chunkCount,
        String contentHash,
        String batchId,
        int attempts,
        StageTimings timings,
        OutcomeError error,
        String jobId,
        Instant processedAt) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public IndexOutcome {
        Fields.atLeast(schemaVersion, 1, "schemaVersion");
        Fields.requiredText(documentId, "documentId");
        Fields.required(status, "status");
        Fields.atLeast(chunkCount, 0, "chunkCount");
        Fields.requiredText(batchId, "batchId");
        Fields.atLeast(attempts, 1, "attempts");
        timings = timings == null ? StageTimings.NONE : timings;
        Fields.required(processedAt, "processedAt");
        if ((status == OutcomeStatus.FAILED) != (error != null)) {
            throw new InvalidFieldException("error", "must be present exactly when status is FAILED (status "
                    + status + ")");
        }
    }

    /** This outcome with other timings. */
    public IndexOutcome withTimings(StageTimings other) {
        return new IndexOutcome(schemaVersion, documentId, url, status, chunkCount, contentHash, batchId, attempts,
                other, error, jobId, processedAt);
    }
}
