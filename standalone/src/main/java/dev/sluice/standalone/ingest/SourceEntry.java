package dev.sluice.standalone.ingest;

/**
 * One item read from an ingest source: a document ready to post, or something that could not be read into one.
 */
public sealed interface SourceEntry {

    /** Where it came from, for messages: a file path, or {@code file.jsonl:12} for a line. */
    String origin();

    /**
     * A document as {@code POST /api/documents} takes it.
     *
     * @param origin where it came from
     * @param json   the document's JSON object, UTF-8
     */
    record Document(String origin, byte[] json) implements SourceEntry {}

    /**
     * A file or line that is not a document: reported, skipped and counted.
     *
     * @param origin where it came from
     * @param reason why it was skipped (never the content)
     */
    record Unreadable(String origin, String reason) implements SourceEntry {}
}
