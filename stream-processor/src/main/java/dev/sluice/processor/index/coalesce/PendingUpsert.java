package dev.sluice.processor.index.coalesce;

import dev.sluice.processor.coalesce.CoalescingQueue;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.DocumentChunks;
import dev.sluice.schemas.Stage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One caller's document waiting to be written: it is never split between calls, so it completes (or fails) with the
 * one call that carries it.
 */
final class PendingUpsert implements CoalescingQueue.Item {
    private final DocumentChunks document;
    private final CompletableFuture<Void> result = new CompletableFuture<>();

    PendingUpsert(DocumentChunks document) {
        this.document = document;
    }

    DocumentChunks document() {
        return document;
    }

    String documentId() {
        return document.documentId();
    }

    /** Its weight against {@link UpsertCoalescingConfig#maxPoints()}: its chunks, at least one (its delete filter). */
    int points() {
        return Math.max(1, document.chunks().size());
    }

    void succeed() {
        result.complete(null);
    }

    /** Fails it, unless it already completed or failed. */
    void fail(IndexingException failure) {
        result.completeExceptionally(failure);
    }

    /** Written, failed or abandoned: a call need not carry it any more. */
    @Override
    public boolean isDone() {
        return result.isDone();
    }

    /**
     * Waits until the call carrying the document succeeded, or rethrows its failure. An interrupted caller stops
     * waiting at once with a retriable failure (its document is dropped if no call has taken it yet).
     */
    void await() {
        try {
            result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IndexingException indexing) {
                throw indexing;
            }
            throw new IndexingException(ErrorCodes.INTERNAL, Stage.VECTOR_UPSERT, false,
                    "unexpected vector store failure: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw IndexingException.retriable(ErrorCodes.VECTOR_STORE_UNAVAILABLE, Stage.VECTOR_UPSERT,
                    "interrupted while waiting for the vector store", e);
        }
    }
}
