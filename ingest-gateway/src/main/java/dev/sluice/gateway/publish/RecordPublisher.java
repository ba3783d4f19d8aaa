package dev.sluice.gateway.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Writes a request's records to Kafka and returns only once the broker acknowledged every one of them (acks=all,
 * idempotent producer). If that does not happen within the timeout, it throws {@link StorageUnavailableException}
 * and the caller answers 503: no 202 is ever given for a record that is not stored. (Records of a failed request
 * may still be stored later; the sender retries, and the processor recognises the repeat by its content hash.)
 */
public final class RecordPublisher {
    private static final Logger log = LoggerFactory.getLogger(RecordPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration timeout;
    private final Timer produceTimer;

    public RecordPublisher(KafkaTemplate<String, byte[]> kafka, Duration timeout, MeterRegistry meters) {
        this.kafka = kafka;
        this.timeout = timeout;
        this.produceTimer = Timer.builder("sluice.gateway.produce")
                .description("Time until the broker acknowledged every record of a request")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Writes {@code records}; returns where each was stored, in order. */
    public List<OutcomeWaiter.RecordPosition> publish(List<ProducerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<CompletableFuture<SendResult<String, byte[]>>> acks = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<String, byte[]> record : records) {
                acks.add(kafka.send(record));
            }
            List<OutcomeWaiter.RecordPosition> positions = new ArrayList<>(acks.size());
            for (CompletableFuture<SendResult<String, byte[]>> ack : acks) {
                RecordMetadata stored = ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .getRecordMetadata();
                positions.add(new OutcomeWaiter.RecordPosition(stored.topic(), stored.partition(), stored.offset()));
            }
            produceTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return positions;
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not acknowledge the records within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (tooLarge(e.getCause())) {
                throw tooLargeForTopic(e.getCause());
            }
            throw unavailable("Kafka refused the records: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            if (tooLarge(e)) {
                throw tooLargeForTopic(e);
            }
            // send() itself fails when metadata cannot be fetched within max.block.ms (broker unreachable)
            throw unavailable("Kafka is unreachable: " + e.getMessage(), e);
        }
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.RecordTooLargeException
                    || t instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records sent before the refused one may be stored: the request is answered 413 all the same, and a corrected
     * retry is recognised downstream (an unchanged content hash is not indexed again).
     */
    private static RecordTooLargeException tooLargeForTopic(Throwable cause) {
        log.warn("Answering 413: Kafka refused a record as too large ({})", cause.getClass().getSimpleName());
        return new RecordTooLargeException("a document is larger than the documents topic accepts (its "
                + "max.message.bytes, after compression); split it or raise the topic's limit", cause);
    }

    private StorageUnavailableException unavailable(String message, Throwable cause) {
        log.warn("Answering 503: {}", message);
        return new StorageUnavailableException(message + "; nothing of this request was acknowledged as stored, "
                + "retry later", Duration.ofSeconds(Math.max(1, timeout.toSeconds())), cause);
    }
}
