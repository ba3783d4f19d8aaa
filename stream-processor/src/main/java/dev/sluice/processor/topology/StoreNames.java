package dev.sluice.processor.topology;

/** Names of the topology's state stores (and so of their changelog topics). */
public final class StoreNames {
    /** Offset (zero-padded) → {@link BufferedRecord}: records whose outcome has not been forwarded yet. */
    public static final String BUFFER = "sluice-buffer";
    /** Document id → {@link dev.sluice.processor.engine.DocumentState}: what the indexes hold per document. */
    public static final String DOCUMENTS = "sluice-documents";
    /** Chunk id → {@link dev.sluice.processor.index.IndexedChunk} with vector: source of truth of the indexes. */
    public static final String CHUNKS = "sluice-chunks";
    /** Per-partition bookkeeping, e.g. {@value #APPLIED_OFFSET}. */
    public static final String META = "sluice-partition-meta";

    /** META key: the highest input offset whose outcome has been applied to the stores. */
    public static final String APPLIED_OFFSET = "applied-offset";

    private StoreNames() {}
}
