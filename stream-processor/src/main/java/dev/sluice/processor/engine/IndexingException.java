package dev.sluice.processor.engine;

import dev.sluice.schemas.OutcomeError;
import dev.sluice.schemas.Stage;
import java.util.Objects;

/**
 * A document could not get through a stage. {@link #retriable()} sorts the cause: outside the document (timeouts,
 * 429/5xx, connection refused — the same input may succeed later) or in it (bad content, 4xx validation — it never
 * will). The message must not contain document content.
 */
public class IndexingException extends RuntimeException {
    private final String code;
    private final Stage stage;
    private final boolean retriable;
    private final boolean backpressure;

    public IndexingException(String code, Stage stage, boolean retriable, String message, Throwable cause) {
        this(code, stage, retriable, false, message, cause);
    }

    private IndexingException(String code, Stage stage, boolean retriable, boolean backpressure, String message,
            Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.stage = Objects.requireNonNull(stage, "stage");
        this.retriable = retriable;
        this.backpressure = backpressure;
    }

    public IndexingException(String code, Stage stage, boolean retriable, String message) {
        this(code, stage, retriable, message, null);
    }

    public static IndexingException permanent(String code, Stage stage, String message) {
        return new IndexingException(code, stage, false, message);
    }

    public static IndexingException retriable(String code, Stage stage, String message, Throwable cause) {
        return new IndexingException(code, stage, true, message, cause);
    }

    /**
     * The service asked to be called less (429, {@code Retry-After}) or is known to be down for every caller (its
     * circuit is open): retriable, and says nothing about the document, so it does not use up the document's
     * attempts.
     */
    public static IndexingException backpressure(String code, Stage stage, String message, Throwable cause) {
        return new IndexingException(code, stage, true, true, message, cause);
    }

    public String code() {
        return code;
    }

    public Stage stage() {
        return stage;
    }

    public boolean retriable() {
        return retriable;
    }

    /** See {@link #backpressure}. */
    public boolean isBackpressure() {
        return backpressure;
    }

    /** The error as it goes into an {@link dev.sluice.schemas.IndexOutcome}. */
    public OutcomeError toError() {
        return new OutcomeError(code, stage, getMessage() == null ? code : getMessage(), retriable);
    }
}
