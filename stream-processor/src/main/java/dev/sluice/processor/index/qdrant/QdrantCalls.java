package dev.sluice.processor.index.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for Qdrant's answers and turns failures into {@link IndexingException}s. Every call already carries a gRPC
 * deadline of {@code qdrant.timeout.ms}; the wait here is a little longer and only a safety net (a deadline that never
 * fires must not hang an indexing thread).
 */
final class QdrantCalls {
    /** Time after the deadline before the local wait gives up; gRPC normally fails the call first. */
    private static final long GRACE_MS = 1_000;

    private final String collection;
    private final long waitMs;

    QdrantCalls(String collection, Duration timeout) {
        this.collection = collection;
        this.waitMs = timeout.toMillis() + GRACE_MS;
    }

    /** The answer of a call, or an {@link IndexingException} naming {@code operation}. */
    <T> T await(ListenableFuture<T> call, String operation) {
        try {
            return call.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw QdrantErrors.toIndexingException(e.getCause(), operation, collection);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw IndexingException.retriable(ErrorCodes.VECTOR_STORE_UNAVAILABLE, Stage.VECTOR_UPSERT,
                    "Qdrant " + operation + " on collection '" + collection + "' got no answer in " + waitMs + " ms",
                    e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw IndexingException.retriable(ErrorCodes.VECTOR_STORE_UNAVAILABLE, Stage.VECTOR_UPSERT,
                    "interrupted while waiting for Qdrant " + operation + " on collection '" + collection + "'", e);
        }
    }
}
