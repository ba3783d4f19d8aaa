package dev.sluice.processor.search;

/** Which retrieval a search uses. */
public enum SearchMode {
    /** BM25 and vector retrieval, fused with Reciprocal Rank Fusion. */
    HYBRID,
    /** Keywords only (BM25F over text, title and heading path). */
    BM25,
    /** Embedding similarity only (cosine). */
    VECTOR
}
