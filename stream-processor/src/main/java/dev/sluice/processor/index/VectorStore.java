package dev.sluice.processor.index;

import java.util.List;

/**
 * Stores chunk vectors for kNN search. Writes are idempotent: ids come from {@link ChunkIds}.
 *
 * <p>Failures are {@link dev.sluice.processor.engine.IndexingException}s of stage {@code VECTOR_UPSERT}.
 */
public interface VectorStore extends AutoCloseable {

    /**
     * Makes {@code chunks} (all of one document, every one with a vector) the document's only chunks: upserts them
     * and removes the document's chunks that the new version no longer has.
     */
    void upsert(String documentId, List<IndexedChunk> chunks);

    /**
     * {@link #upsert} for several documents at once, each with the same contract: a store that can write many
     * documents in one pass (fewer, larger requests) does so. No document may appear twice. When it throws, any of
     * the documents may or may not have been written; writing them all again is safe (writes are idempotent).
     *
     * <p>By default, the documents one after the other.
     */
    default void upsertAll(List<DocumentChunks> documents) {
        for (DocumentChunks document : documents) {
            upsert(document.documentId(), document.chunks());
        }
    }

    /** Removes every chunk of the document; a document that is not there is no error. */
    void delete(String documentId);

    /**
     * Checks that the store answers (a cheap call, no data): used to tell an outage from a document's own failure.
     * Throws like a write would when it does not; a local store always answers.
     */
    default void probe() {}

    /** The {@code k} nearest chunks to {@code vector} (cosine) that pass {@code filter}, best first. */
    List<ScoredChunk> search(float[] vector, int k, SearchFilter filter);

    @Override
    default void close() {}
}
