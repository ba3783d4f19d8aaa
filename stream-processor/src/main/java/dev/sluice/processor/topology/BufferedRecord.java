package dev.sluice.processor.topology;

/**
 * A record waiting in a task's buffer store until its outcome is forwarded. Keeps the original bytes, so that a
 * dead letter carries exactly what the producer wrote.
 *
 * @param documentId   the document (the record key)
 * @param value        the original value bytes; {@code null} for a tombstone
 * @param topic        source topic
 * @param partition    source partition
 * @param offset       source offset (also the buffer key: unique and ordered within the task)
 * @param bufferedAtMs wall-clock time the record entered the buffer
 */
public record BufferedRecord(String documentId, byte[] value, String topic, int partition, long offset,
        long bufferedAtMs) {

    /** Bytes this record counts against batch and in-flight limits. */
    public long size() {
        return (value == null ? 0 : value.length) + documentId.length();
    }

    /** Buffer store key: the offset, zero-padded so that the store's order is arrival order. */
    public static String key(long offset) {
        return String.format("%020d", offset);
    }
}
