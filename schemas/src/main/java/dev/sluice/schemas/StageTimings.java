package dev.sluice.schemas;

/**
 * Wall-clock time spent per stage for one document, in milliseconds. Stages that did not run are 0.
 * {@code totalMs} is the document's time from the start of its batch's indexing to its outcome.
 */
public record StageTimings(
        long cleaningMs, long chunkingMs, long embeddingMs, long vectorUpsertMs, long bm25Ms, long totalMs) {

    public static final StageTimings NONE = new StageTimings(0, 0, 0, 0, 0, 0);

    public StageTimings {
        Fields.atLeast(cleaningMs, 0, "cleaningMs");
        Fields.atLeast(chunkingMs, 0, "chunkingMs");
        Fields.atLeast(embeddingMs, 0, "embeddingMs");
        Fields.atLeast(vectorUpsertMs, 0, "vectorUpsertMs");
        Fields.atLeast(bm25Ms, 0, "bm25Ms");
        Fields.atLeast(totalMs, 0, "totalMs");
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
