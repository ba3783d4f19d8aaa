package dev.sluice.schemas;

/** The final state of one document version. */
public enum OutcomeStatus {
    /** Cleaned, chunked, embedded and written to the vector store and BM25. */
    INDEXED,
    /** Same content hash as the version already indexed: nothing was re-embedded. */
    UNCHANGED,
    /** A tombstone removed the document from every index. */
    DELETED,
    /** Could not be indexed; {@link IndexOutcome#error()} says why, and the record is in the dead-letter topic. */
    FAILED
}
