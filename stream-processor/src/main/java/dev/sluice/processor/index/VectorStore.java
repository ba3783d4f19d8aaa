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

    /** Removes every chunk of the document; a document that is not there is no error. */
    void delete(String documentId);

    /** The {@code k} nearest chunks to {@code vector} (cosine) that pass {@code filter}, best first. */
    List<ScoredChunk> search(float[] vector, int k, SearchFilter filter);

    @Override
    default void close() {}
}
