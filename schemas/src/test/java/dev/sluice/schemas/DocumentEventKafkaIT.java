package dev.sluice.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.WithKafka;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Proves the test kit and the registry together: messages survive a real broker unchanged. */
@WithKafka
class DocumentEventKafkaIT {

    @Test
    void shouldReadBackEqualDocumentEventsFromARealBroker(KafkaCluster kafka) {
        Topic<String, DocumentEvent> topic = Topics.defaults().documents()
                .withName(kafka.uniqueTopic("sluice.documents"));
        kafka.createTopics(3, topic.name());
        Map<String, DocumentEvent> sent = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            DocumentEvent event = DocumentEvent.builder("https://example.com/page/" + i)
                    .title("Page " + i).markdown("# Page " + i + "\n\nText of page " + i + " — ünïcödé ✓")
                    .receivedAt(Samples.AT).build();
            sent.put(event.documentId(), event);
        }
        sent.put("to-delete", null);

        kafka.produce(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), sent);

        Map<String, DocumentEvent> received = kafka.consume(topic.name(), topic.keySerde().deserializer(),
                        topic.valueSerde().deserializer(), sent.size(), Duration.ofSeconds(30))
                .stream()
                .collect(LinkedHashMap::new, (m, r) -> m.put(r.key(), r.value()), Map::putAll);
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void shouldSpreadDocumentsOverPartitionsByKey(KafkaCluster kafka) {
        String name = kafka.uniqueTopic("sluice.documents");
        kafka.createTopics(4, name);
        Topic<String, DocumentEvent> topic = Topics.defaults().documents().withName(name);
        Map<String, DocumentEvent> sent = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            DocumentEvent e = DocumentEvent.builder("https://example.com/" + i).text("t").receivedAt(Samples.AT).build();
            sent.put(e.documentId(), e);
        }
        kafka.produce(name, topic.keySerde().serializer(), topic.valueSerde().serializer(), sent);
        var partitions = kafka.consume(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
                        sent.size(), KafkaCluster.DEFAULT_TIMEOUT)
                .stream().collect(Collectors.groupingBy(ConsumerRecord::partition, Collectors.counting()));
        assertThat(partitions).hasSize(4);
    }
}
