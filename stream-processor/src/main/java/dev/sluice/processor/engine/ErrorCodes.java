package dev.sluice.processor.engine;

/** Stable error codes of {@link IndexingException}s; they appear in outcomes, DLQ headers and metrics. */
public final class ErrorCodes {
    /** Nothing left after cleaning. Permanent. */
    public static final String EMPTY_CONTENT = "EMPTY_CONTENT";
    /** The content could not be parsed or cleaned. Permanent. */
    public static final String CLEANING_FAILED = "CLEANING_FAILED";
    /** Chunking failed. Permanent. */
    public static final String CHUNKING_FAILED = "CHUNKING_FAILED";
    /** The embedding service could not be reached, timed out, or answered 429/5xx. Retriable. */
    public static final String EMBEDDING_UNAVAILABLE = "EMBEDDING_UNAVAILABLE";
    /** The embedding service rejected the input (413, other 4xx), or answered with a wrong dimension. Permanent. */
    public static final String EMBEDDING_REJECTED = "EMBEDDING_REJECTED";
    /** The vector store could not be reached or failed transiently. Retriable. */
    public static final String VECTOR_STORE_UNAVAILABLE = "VECTOR_STORE_UNAVAILABLE";
    /** The vector store rejected the write. Permanent. */
    public static final String VECTOR_STORE_REJECTED = "VECTOR_STORE_REJECTED";
    /** The keyword index could not be written. Retriable (local I/O). */
    public static final String KEYWORD_INDEX_FAILED = "KEYWORD_INDEX_FAILED";
    /** The keyword index refused the chunk (e.g. a keyword field longer than a Lucene term). Permanent. */
    public static final String KEYWORD_INDEX_REJECTED = "KEYWORD_INDEX_REJECTED";
    /** The record could not be deserialized. Permanent. */
    public static final String DESERIALIZATION = "DESERIALIZATION";
    /** A bug: an exception no stage expected. Permanent, so that it is seen in the DLQ instead of retried forever. */
    public static final String INTERNAL = "INTERNAL";

    private ErrorCodes() {}
}
