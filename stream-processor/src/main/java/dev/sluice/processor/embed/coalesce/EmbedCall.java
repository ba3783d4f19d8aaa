package dev.sluice.processor.embed.coalesce;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One caller's {@code embed} call: collects the vectors of its texts from whichever batches carry them, and completes
 * when the last one arrives, or fails at the first failure of any of them.
 */
final class EmbedCall {
    private final float[][] vectors;
    private final AtomicInteger missing;
    private final CompletableFuture<List<float[]>> result = new CompletableFuture<>();

    EmbedCall(int size) {
        this.vectors = new float[size][];
        this.missing = new AtomicInteger(size);
    }

    /** Stores the vector of text {@code index}; the last one completes the call. */
    void deliver(int index, float[] vector) {
        vectors[index] = vector;
        // The atomic decrement orders every earlier store before the read of the last deliverer.
        if (missing.decrementAndGet() == 0) {
            result.complete(List.of(vectors));
        }
    }

    /** Fails the call, unless it already completed or failed. */
    void fail(IndexingException failure) {
        result.completeExceptionally(failure);
    }

    /** Completed, failed or abandoned: its remaining texts need not be embedded. */
    boolean isDone() {
        return result.isDone();
    }

    /** Waits for all vectors, in text order, or rethrows the failure. */
    List<float[]> await() {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IndexingException indexing) {
                throw indexing;
            }
            throw new IndexingException(ErrorCodes.INTERNAL, Stage.EMBEDDING, false,
                    "unexpected embedding failure: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw IndexingException.retriable(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING,
                    "interrupted while waiting for embeddings", e);
        }
    }
}
