package dev.sluice.schemas;

/**
 * Why a document failed.
 *
 * @param code      a stable, upper-case code such as {@code EMPTY_CONTENT} or {@code EMBEDDING_UNAVAILABLE}
 * @param stage     the stage that failed
 * @param message   a human-readable explanation (never document content)
 * @param retriable whether the same input could succeed later (the cause was outside the document)
 */
public record OutcomeError(String code, Stage stage, String message, boolean retriable) {
    public OutcomeError {
        Fields.requiredText(code, "code");
        Fields.required(stage, "stage");
        Fields.required(message, "message");
    }
}
