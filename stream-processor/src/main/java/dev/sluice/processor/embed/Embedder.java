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

    /** Length of every vector. */
    int dimension();

    /** Which model makes the vectors (vectors of different models must never be mixed in one index). */
    String modelId();

    @Override
    default void close() {}
}
