package dev.sluice.processor.index;

import java.util.List;
import java.util.Objects;

/**
 * One document's chunks, as {@link VectorStore#upsertAll} takes them: all of them, every one with a vector.
 *
 * @param documentId the document
 * @param chunks     its chunks, which become its only chunks in the store (empty: it has none left)
 */
public record DocumentChunks(String documentId, List<IndexedChunk> chunks) {

    public DocumentChunks {
        Objects.requireNonNull(documentId, "documentId");
        chunks = List.copyOf(Objects.requireNonNull(chunks, "chunks"));
    }
}
