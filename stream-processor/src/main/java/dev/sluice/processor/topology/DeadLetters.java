package dev.sluice.processor.topology;

import dev.sluice.schemas.DeadLetterHeaders;
import dev.sluice.schemas.OutcomeError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers of a dead-letter record ({@link DeadLetterHeaders}), and the source headers of an outcome. */
final class DeadLetters {
    private DeadLetters() {}

    static Headers headers(OutcomeError error, int attempts, String topic, int partition, long offset, Instant at) {
        RecordHeaders h = new RecordHeaders();
        add(h, DeadLetterHeaders.ERROR_CODE, error.code());
        add(h, DeadLetterHeaders.ERROR_STAGE, error.stage().wireName());
        add(h, DeadLetterHeaders.ERROR_MESSAGE, error.message());
        add(h, DeadLetterHeaders.ERROR_RETRIABLE, Boolean.toString(error.retriable()));
        add(h, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
        add(h, DeadLetterHeaders.SOURCE_TOPIC, topic);
        add(h, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition));
        add(h, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset));
        add(h, DeadLetterHeaders.FAILED_AT, at.toString());
        return h;
    }

    /**
     * The headers of an outcome record: where its document record was ({@code sluice.source.*}), so that a reader
     * can tell which version an outcome is for (the gateway's {@code wait=searchable}).
     */
    static Headers source(String topic, int partition, long offset) {
        RecordHeaders h = new RecordHeaders();
        add(h, DeadLetterHeaders.SOURCE_TOPIC, topic);
        add(h, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition));
        add(h, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset));
        return h;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
