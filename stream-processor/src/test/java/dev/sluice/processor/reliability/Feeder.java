package dev.sluice.processor.reliability;

import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends documents at a steady rate over a period (acks=all, idempotent, as the gateway does), so that faults injected
 * during the period hit documents arriving, buffered and in flight alike.
 */
final class Feeder {
    private Feeder() {}

    /**
     * Starts sending {@code documents} evenly over {@code period}, a slice every 100 ms; the future completes once the
     * broker acknowledged all of them.
     */
    static CompletableFuture<Void> feed(KafkaCluster kafka, Topics topics, Map<String, DocumentEvent> documents,
            Duration period) {
        List<Map.Entry<String, DocumentEvent>> all = new ArrayList<>(documents.entrySet());
        int slices = Math.max(1, (int) (period.toMillis() / 100));
        KafkaProducer<String, DocumentEvent> producer = new KafkaProducer<>(kafka.producerProperties(),
                new StringSerializer(), topics.documents().valueSerde().serializer());
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            acknowledged.add(new CompletableFuture<>());
        }
        for (int slice = 0; slice < slices; slice++) {
            int from = all.size() * slice / slices;
            int to = all.size() * (slice + 1) / slices;
            CompletableFuture.delayedExecutor(100L * slice, TimeUnit.MILLISECONDS).execute(() -> {
                for (int i = from; i < to; i++) {
                    CompletableFuture<Void> ack = acknowledged.get(i);
                    producer.send(new ProducerRecord<>(topics.documents().name(), all.get(i).getKey(),
                            all.get(i).getValue()), (metadata, e) -> {
                                if (e == null) {
                                    ack.complete(null);
                                } else {
                                    ack.completeExceptionally(e);
                                }
                            });
                }
            });
        }
        return CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new))
                .whenComplete((ok, e) -> producer.close());
    }
}
