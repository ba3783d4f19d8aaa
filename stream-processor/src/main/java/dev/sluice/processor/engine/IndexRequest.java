package dev.sluice.processor.engine;

import dev.sluice.schemas.DocumentEvent;
import java.util.Objects;

/**
 * One document of a batch.
 *
 * @param documentId the document (the record key)
 * @param document   the new version, or {@code null} to delete the document (a tombstone)
 * @param previous   what the indexes hold for it now, or {@code null} if nothing
 */
public record IndexRequest(String documentId, DocumentEvent document, DocumentState previous) {
    public IndexRequest {
        Objects.requireNonNull(documentId, "documentId");
    }

    public static IndexRequest upsert(DocumentEvent document, DocumentState previous) {
        return new IndexRequest(document.documentId(), document, previous);
    }

    public static IndexRequest delete(String documentId) {
        return new IndexRequest(documentId, null, null);
    }

    public boolean isDelete() {
        return document == null;
    }
}
