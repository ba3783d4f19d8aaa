package dev.sluice.schemas;

/**
 * Headers of a dead-letter record. The record keeps the original key and value bytes untouched, so that it can be
 * replayed once the cause is fixed; these headers say why it failed and where it came from. Values are UTF-8 text.
 */
public final class DeadLetterHeaders {
    /** A stable error code, e.g. {@code DESERIALIZATION}, {@code EMPTY_CONTENT}. */
    public static final String ERROR_CODE = "sluice.error.code";
    /** The {@link Stage} wire name of the stage that failed. */
    public static final String ERROR_STAGE = "sluice.error.stage";
    /** A human-readable message (never document content). */
    public static final String ERROR_MESSAGE = "sluice.error.message";
    /** {@code true} when the cause was outside the document and a replay may succeed. */
    public static final String ERROR_RETRIABLE = "sluice.error.retriable";
    /** How many indexing attempts were made. */
    public static final String ATTEMPTS = "sluice.attempts";
    /** Topic, partition and offset of the original record. */
    public static final String SOURCE_TOPIC = "sluice.source.topic";
    public static final String SOURCE_PARTITION = "sluice.source.partition";
    public static final String SOURCE_OFFSET = "sluice.source.offset";
    /** When the record was dead-lettered, ISO-8601. */
    public static final String FAILED_AT = "sluice.failed.at";

    private DeadLetterHeaders() {}
}
