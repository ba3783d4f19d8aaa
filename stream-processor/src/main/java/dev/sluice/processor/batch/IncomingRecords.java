package dev.sluice.processor.batch;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.DocumentIds;
import dev.sluice.schemas.InvalidFieldException;
import dev.sluice.schemas.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads a record of the documents topic: a document (keyed by its id, or without key), a tombstone (keyed by the id
 * of the document to delete), or a record that cannot be indexed at all, with the code and message its dead letter
 * carries. Pure; thread-safe.
 */
public final class IncomingRecords {
    /** What a record is. */
    public sealed interface Read permits Document, Rejected {}

    /** A document to index, or to delete when {@code event} is {@code null} (a tombstone). */
    public record Document(String documentId, DocumentEvent event) implements Read {}

    /** Not indexable: {@code key} as it came (may be {@code null}), the error code and what is wrong. */
    public record Rejected(String key, String code, String message) implements Read {}

    private final JsonSerde<DocumentEvent> serde = JsonSerde.of(DocumentEvent.class);

    public Read read(String topic, String key, byte[] value) {
        if (value == null) {
            if (key == null) {
                return new Rejected(null, "MISSING_KEY", "a tombstone needs the document id as its key");
            }
            if (!isDocumentId(key)) {
                // Not an id any document can have (control characters, too long): deleting it would report DELETED
                // for nothing; the dead letter shows the producer's mistake instead.
                return new Rejected(key, "INVALID_KEY", "a tombstone's key is not a valid document id");
            }
            return new Document(key, null);
        }
        DocumentEvent event;
        try {
            event = serde.deserialize(topic, value);
        } catch (SerializationException e) {
            return new Rejected(key, ErrorCodes.DESERIALIZATION, e.getMessage());
        }
        if (key != null && !key.equals(event.documentId())) {
            return new Rejected(key, "KEY_MISMATCH", "record key '" + abbreviate(key) + "' differs from documentId '"
                    + abbreviate(event.documentId()) + "'");
        }
        return new Document(event.documentId(), event);
    }

    /** The document of a buffered record, read again after a restart (it was read once already). */
    public DocumentEvent document(String topic, byte[] value) {
        return value == null ? null : serde.deserialize(topic, value);
    }

    private static boolean isDocumentId(String key) {
        try {
            DocumentIds.checkId(key);
            return true;
        } catch (InvalidFieldException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
