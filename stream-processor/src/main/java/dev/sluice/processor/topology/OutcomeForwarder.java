package dev.sluice.processor.topology;

import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeError;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.StageTimings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a task sends downstream for a document record: its outcome, stamped with the record's position
 * ({@code sluice.source.*} headers), and for a failure its dead letter, with the original key and bytes.
 */
final class OutcomeForwarder {
    /** BatchingProcessor's: the failure lines operators grep for keep the logger they always had. */
    private static final Logger log = LoggerFactory.getLogger(BatchingProcessor.class);

    private final ProcessorContext<Object, Object> context;

    OutcomeForwarder(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    /** The outcome of the record {@code source}; a FAILED one also goes to the dead-letter topic, and is logged. */
    void outcome(String batchId, BufferedRecord source, IndexOutcome outcome, long now) {
        outcome(source.documentId(), outcome, source.topic(), source.partition(), source.offset(), now);
        if (outcome.status() == OutcomeStatus.FAILED) {
            OutcomeError error = outcome.error();
            log.warn("Document indexing failed in batch | batch_id={} | topic={} | partition={} | offset={} "
                            + "| document_id={} | url={} | stage={} | code={} | retriable={} | attempts={} "
                            + "| error={}",
                    batchId, source.topic(), source.partition(), source.offset(), outcome.documentId(),
                    outcome.url(), error.stage().wireName(), error.code(), error.retriable(), outcome.attempts(),
                    error.message());
            deadLetter(source.documentId(), source.value(), source.topic(), source.partition(), source.offset(),
                    error, outcome.attempts(), now);
        }
    }

    /**
     * A record that cannot be indexed at all ({@code key} and {@code value} as they came): its dead letter, and a
     * FAILED outcome when the key names a document.
     */
    void rejected(String key, byte[] value, RecordMetadata source, OutcomeError error, long now) {
        deadLetter(key, value, source.topic(), source.partition(), source.offset(), error, 1, now);
        if (key != null && !key.isBlank()) {
            outcome(key, new IndexOutcome(IndexOutcome.CURRENT_SCHEMA_VERSION, key, null, OutcomeStatus.FAILED, 0,
                    null, BatchIds.of(source.partition(), source.offset()), 1, StageTimings.NONE, error, null,
                    Instant.ofEpochMilli(now)), source.topic(), source.partition(), source.offset(), now);
        }
    }

    private void outcome(String documentId, IndexOutcome outcome, String topic, int partition, long offset,
            long now) {
        context.forward(new Record<Object, Object>(documentId, outcome, now,
                DeadLetters.source(topic, partition, offset)), SluiceTopology.OUTCOMES_SINK);
    }

    private void deadLetter(String key, byte[] value, String topic, int partition, long offset, OutcomeError error,
            int attempts, long now) {
        context.forward(new Record<Object, Object>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                now, DeadLetters.headers(error, attempts, topic, partition, offset, Instant.ofEpochMilli(now))),
                SluiceTopology.DEAD_LETTER_SINK);
    }
}
