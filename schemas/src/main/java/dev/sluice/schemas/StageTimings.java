package dev.sluice.schemas;

/**
 * Wall-clock time spent per stage for one document, in milliseconds. Stages that did not run are 0.
 * {@code totalMs} is the document's time from the start of its batch's indexing to its outcome.
 * {@code queueWaitMs} is the time it waited before any of its work started: in its partition's buffer until its batch
 * started, then for an indexing slot (that second part is inside {@code totalMs} too). Waiting is apart from working,
 * so that the stages' times measure work.
 */
public record StageTimings(
        long cleaningMs, long chunkingMs, long embeddingMs, long vectorUpsertMs, long bm25Ms, long totalMs,
        Long queueWaitMs) {

    public static final StageTimings NONE = new StageTimings(0, 0, 0, 0, 0, 0, 0L);

    /** Without a queue wait. */
    public StageTimings(long cleaningMs, long chunkingMs, long embeddingMs, long vectorUpsertMs, long bm25Ms,
            long totalMs) {
        this(cleaningMs, chunkingMs, embeddingMs, vectorUpsertMs, bm25Ms, totalMs, 0L);
    }

    public StageTimings {
        Fields.atLeast(cleaningMs, 0, "cleaningMs");
        Fields.atLeast(chunkingMs, 0, "chunkingMs");
        Fields.atLeast(embeddingMs, 0, "embeddingMs");
        Fields.atLeast(vectorUpsertMs, 0, "vectorUpsertMs");
        Fields.atLeast(bm25Ms, 0, "bm25Ms");
        Fields.atLeast(totalMs, 0, "totalMs");
        queueWaitMs = queueWaitMs == null ? 0L : queueWaitMs; // absent in outcomes of older processors
        Fields.atLeast(queueWaitMs, 0, "queueWaitMs");
    }

    /** These timings with {@code ms} more of queue wait. */
    public StageTimings plusQueueWait(long ms) {
        return new StageTimings(cleaningMs, chunkingMs, embeddingMs, vectorUpsertMs, bm25Ms, totalMs,
                queueWaitMs + Math.max(0, ms));
    }

    /** The time of one stage. */
    public long of(Stage stage) {
        return switch (stage) {
            case DESERIALIZATION -> 0;
            case CLEANING -> cleaningMs;
            case CHUNKING -> chunkingMs;
            case EMBEDDING -> embeddingMs;
            case VECTOR_UPSERT -> vectorUpsertMs;
            case BM25 -> bm25Ms;
        };
    }
}
