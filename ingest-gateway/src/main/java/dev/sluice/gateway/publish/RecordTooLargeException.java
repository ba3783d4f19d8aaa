package dev.sluice.gateway.publish;

/**
 * Kafka refused a record as larger than the topic (or the producer) allows. Answered 413: unlike an outage, sending
 * the same document again can never succeed, so it must not be a 503 that invites a retry.
 */
public final class RecordTooLargeException extends RuntimeException {
    public RecordTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
