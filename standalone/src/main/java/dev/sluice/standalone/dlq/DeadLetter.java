package dev.sluice.standalone.dlq;

import dev.sluice.schemas.DeadLetterHeaders;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;

/**
 * One record of the dead-letter topic: the original key and value bytes, untouched, and what its headers
 * ({@link DeadLetterHeaders}) say about why it failed.
 *
 * @param partition  its partition in the dead-letter topic
 * @param offset     its offset there
 * @param key        the original key bytes, or {@code null}
 * @param value      the original value bytes, or {@code null} (a tombstone that could not be applied)
 * @param errorCode  the error code, or {@code UNKNOWN} when the header is missing
 * @param message    the error message, or empty
 * @param failedAt   when it was dead-lettered (the header, else the record's timestamp)
 */
public record DeadLetter(int partition, long offset, byte[] key, byte[] value, String errorCode, String message,
        Instant failedAt) {

    private static final JsonSerde<DocumentEvent> DOCUMENTS = JsonSerde.of(DocumentEvent.class);

    /** Reads a consumed dead-letter record. */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        String code = header(record, DeadLetterHeaders.ERROR_CODE);
        String failed = header(record, DeadLetterHeaders.FAILED_AT);
        Instant at;
        try {
            at = failed == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(failed);
        } catch (DateTimeParseException e) {
            at = Instant.ofEpochMilli(record.timestamp());
        }
        String message = header(record, DeadLetterHeaders.ERROR_MESSAGE);
        return new DeadLetter(record.partition(), record.offset(), record.key(), record.value(),
                code == null || code.isBlank() ? "UNKNOWN" : code, message == null ? "" : message, at);
    }

    /**
     * Why replaying this record cannot work as it is, or {@code null} when it can: its value must be a document whose
     * id is the record's key (or the key is absent, and the processor takes the document's id).
     */
    public String undecodableReason() {
        if (value == null) {
            return "a tombstone (no payload)";
        }
        DocumentEvent document;
        try {
            document = DOCUMENTS.deserializer().deserialize(null, value);
        } catch (SerializationException e) {
            return "the payload is not a document";
        }
        if (key != null && !new String(key, StandardCharsets.UTF_8).equals(document.documentId())) {
            return "the key is not the document's id";
        }
        return null;
    }

    /** The key as text, for display; {@code (none)} when absent. */
    public String keyText() {
        return key == null ? "(none)" : new String(key, StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
