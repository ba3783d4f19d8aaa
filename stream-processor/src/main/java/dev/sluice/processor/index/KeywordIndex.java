package dev.sluice.processor.index;

import java.util.List;

/**
 * BM25 over chunk text, title and heading path. Writes are idempotent (by chunk id) and cost the same whatever the
 * size of the index.
 *
 * <p>Failures are {@link dev.sluice.processor.engine.IndexingException}s of stage {@code BM25}.
 */
public interface KeywordIndex extends AutoCloseable {

    /** Makes {@code chunks} the document's only chunks (removing those the new version no longer has). */
    void upsert(String documentId, List<IndexedChunk> chunks);

    /** Removes every chunk of the document; a document that is not there is no error. */
    void delete(String documentId);

    /** The {@code k} best chunks for {@code query} that pass {@code filter}, best first. */
    List<ScoredChunk> search(String query, int k, SearchFilter filter);

    /**
     * Makes every write so far visible to {@link #search} now. A search sees every write that returned before it
     * anyway; this only pays the cost of that visibility up front (e.g. after a rebuild).
     */
    default void refresh() {}

    /** Number of chunks in the index. */
    long chunkCount();

    /** Number of distinct documents with chunks in the index. */
    long documentCount();

    @Override
    default void close() {}
}
