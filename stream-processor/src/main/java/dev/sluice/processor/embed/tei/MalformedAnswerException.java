package dev.sluice.processor.embed.tei;

/** TEI answered 2xx, but not with one vector of numbers per input. */
final class MalformedAnswerException extends Exception {
    MalformedAnswerException(String message) {
        super(message, null, false, false);
    }

    MalformedAnswerException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
