package dev.sluice.processor.testing;

import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads the outcomes topic from the beginning as a downstream consumer would ({@code read_committed}, so only what
 * the processor committed), keeping every record: tests count doubles as well as distinct documents.
 */
public final class OutcomeReader implements AutoCloseable {
    private final KafkaConsumer<String, IndexOutcome> consumer;
    private final List<ConsumerRecord<String, IndexOutcome>> records = new ArrayList<>();
    private final Set<String> documents = new HashSet<>();

    public OutcomeReader(String bootstrapServers, Topics topics) {
        consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed"), new StringDeserializer(),
                topics.outcomes().valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topics.outcomes().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Sends the documents keyed by id and waits until the broker acknowledged all of them. */
    public static void produce(String bootstrapServers, Topics topics, Collection<DocumentEvent> documents) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "acks", "all"), new StringSerializer(), topics.documents().valueSerde().serializer())) {
            for (DocumentEvent d : documents) {
                producer.send(new ProducerRecord<>(topics.documents().name(), d.documentId(), d));
            }
            producer.flush();
        }
    }

    /** Reads until {@code distinct} documents have an outcome; fails the test after {@code timeout}. */
    public OutcomeReader readUntil(int distinct, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (documents.size() < distinct) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + documents.size() + " of " + distinct + " outcomes after " + timeout);
            }
            poll();
        }
        return this;
    }

    /**
     * Goes on reading for {@code period}: whatever a test expects never to arrive (a doubled outcome) would have been
     * committed by then.
     */
    public OutcomeReader readFor(Duration period) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            poll();
        }
        return this;
    }

    /** Every record read so far, doubles included. */
    public List<ConsumerRecord<String, IndexOutcome>> records() {
        return List.copyOf(records);
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
            records.add(r);
            documents.add(r.key());
        });
    }

    @Override
    public void close() {
        consumer.close();
    }
}
