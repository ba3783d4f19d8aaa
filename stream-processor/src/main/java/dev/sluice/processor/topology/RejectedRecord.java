package dev.sluice.processor.topology;

import dev.sluice.schemas.OutcomeError;
import java.time.Instant;

/**
 * A record that could not even be read (sent to the dead-letter topic at once, without a batch).
 *
 * @param documentId the document it names, or {@code null}
 */
public record RejectedRecord(int partition, long offset, String documentId, OutcomeError error, Instant at) {}
