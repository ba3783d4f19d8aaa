package dev.sluice.processor.embed;

import java.util.List;

/**
 * Turns texts into vectors. Implementations batch internally and are safe for concurrent use.
 *
 * <p>Failures are {@link dev.sluice.processor.engine.IndexingException}s of stage {@code EMBEDDING}: retriable
 * ({@code EMBEDDING_UNAVAILABLE}) when the cause is outside the input, permanent ({@code EMBEDDING_REJECTED})
 * otherwise.
 */
public interface Embedder extends AutoCloseable {

    /** One L2-normalised vector of {@link #dimension()} floats per text, in the order of {@code texts}. */
    List<float[]> embed(List<String> texts);

    /**
     * The vector of one text a person is waiting for (a search query). Implementations that queue work serve it
     * ahead of indexing's texts, so that searches stay fast while a backlog is indexed; by default it is
     * {@link #embed} of the one text.
     */
    default float[] embedQuery(String text) {
        List<float[]> vectors = embed(List.of(text));
        if (vectors.size() != 1) {
            throw new IllegalStateException("the embedder returned " + vectors.size() + " vectors for one text");
        }
        return vectors.getFirst();
    }

    /** Length of every vector. */
    int dimension();

    /** Which model makes the vectors (vectors of different models must never be mixed in one index). */
    String modelId();

    @Override
    default void close() {}
}
