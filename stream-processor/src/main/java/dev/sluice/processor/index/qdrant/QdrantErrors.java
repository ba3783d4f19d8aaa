package dev.sluice.processor.index.qdrant;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * Sorts Qdrant's gRPC errors into retriable and permanent ones. Qdrant maps its own errors to status codes as
 * follows: bad input → INVALID_ARGUMENT, missing collection → NOT_FOUND, service error → INTERNAL, timeout →
 * DEADLINE_EXCEEDED, rate limit → RESOURCE_EXHAUSTED, locked or precondition → FAILED_PRECONDITION, forbidden →
 * PERMISSION_DENIED; the transport adds UNAVAILABLE (connection refused or lost) and DEADLINE_EXCEEDED (our deadline).
 */
final class QdrantErrors {
    /** Server descriptions are kept short in messages: they end up in outcomes and DLQ headers. */
    private static final int MAX_DESCRIPTION = 300;

    private QdrantErrors() {}

    /**
     * Whether the same call may succeed later. INTERNAL and UNKNOWN count as retriable, like an HTTP 5xx: Qdrant uses
     * INTERNAL for service errors, and UNKNOWN is what a proxy or a dropped stream produces. CANCELLED is a call torn
     * down on the way, not a verdict on the request. Everything else is a verdict on the request or on our
     * configuration (UNAUTHENTICATED, PERMISSION_DENIED) that retrying does not change.
     */
    static boolean isRetriable(Status.Code code) {
        return switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNKNOWN, CANCELLED -> true;
            default -> false;
        };
    }

    /**
     * The {@link IndexingException} for a failed call.
     *
     * @param failure   what the future failed with (already unwrapped from {@code ExecutionException})
     * @param operation what was attempted, for the message (e.g. "upsert of document d1")
     */
    static IndexingException toIndexingException(Throwable failure, String operation, String collection) {
        if (!carriesStatus(failure)) {
            // Not a gRPC error at all: a bug on our side or in the client. Permanent, so it is seen, not retried.
            return new IndexingException(ErrorCodes.INTERNAL, Stage.VECTOR_UPSERT, false,
                    "Qdrant " + operation + " on collection '" + collection + "' failed: "
                            + failure.getClass().getName(), failure);
        }
        Status status = Status.fromThrowable(failure);
        boolean retriable = isRetriable(status.getCode());
        String message = "Qdrant " + operation + " on collection '" + collection + "' failed: " + status.getCode()
                + describe(status);
        return new IndexingException(
                retriable ? ErrorCodes.VECTOR_STORE_UNAVAILABLE : ErrorCodes.VECTOR_STORE_REJECTED,
                Stage.VECTOR_UPSERT, retriable, message, failure);
    }

    private static boolean carriesStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException || t instanceof StatusException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Status status) {
        String description = status.getDescription();
        if (description == null || description.isBlank()) {
            return "";
        }
        return ": " + (description.length() > MAX_DESCRIPTION
                ? description.substring(0, MAX_DESCRIPTION) + "..."
                : description);
    }
}
