package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@WithKafka
class KafkaClusterIT {

    @Test
    void shouldProduceAndConsumeExactlyWhatWasSent(KafkaCluster kafka) {
        String topic = kafka.uniqueTopic("kit");
        kafka.createTopics(2, topic);
        kafka.produce(topic, new StringSerializer(), new StringSerializer(), Map.of("a", "1", "b", "2", "c", "3"));
        var records = kafka.consume(topic, new StringDeserializer(), new StringDeserializer(), 3, Duration.ofSeconds(30));
        assertThat(records).extracting(r -> r.key() + "=" + r.value()).containsExactlyInAnyOrder("a=1", "b=2", "c=3");
    }

    @Test
    void shouldFailWithWhatItSawWhenRecordsDoNotArrive(KafkaCluster kafka) {
        String topic = kafka.uniqueTopic("kit-empty");
        kafka.createTopics(1, topic);
        kafka.produce(topic, new StringSerializer(), new StringSerializer(), Map.of("only", "one"));
        assertThatThrownBy(() -> kafka.consume(topic, new StringDeserializer(), new StringDeserializer(), 2,
                Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("waiting for at least 2 records").hasMessageContaining("read 1 records");
    }

    @Test
    void shouldReadUntilEveryKeyArrivedAndKeepRepeatsReadWhileSettling(KafkaCluster kafka) {
        String topic = kafka.uniqueTopic("kit-distinct");
        kafka.createTopics(2, topic);
        kafka.produce(topic, new StringSerializer(), new StringSerializer(), Map.of("a", "1", "b", "2"));
        kafka.produce(topic, new StringSerializer(), new StringSerializer(), Map.of("a", "again"));

        var records = kafka.consumeDistinctKeys(topic, new StringDeserializer(), new StringDeserializer(), 2,
                Duration.ofSeconds(30), Duration.ofMillis(500));

        assertThat(records).extracting(r -> r.key() + "=" + r.value())
                .containsExactlyInAnyOrder("a=1", "b=2", "a=again");
    }

    @Test
    void shouldFailWhenTooFewDistinctKeysArrive(KafkaCluster kafka) {
        String topic = kafka.uniqueTopic("kit-distinct-short");
        kafka.createTopics(1, topic);
        kafka.produce(topic, new StringSerializer(), new StringSerializer(), Map.of("a", "1"));
        kafka.produce(topic, new StringSerializer(), new StringSerializer(), Map.of("a", "2"));

        assertThatThrownBy(() -> kafka.consumeDistinctKeys(topic, new StringDeserializer(), new StringDeserializer(),
                2, Duration.ofSeconds(2), Duration.ZERO))
                .isInstanceOf(AssertionError.class).hasMessageContaining("waiting for 2 distinct keys");
    }

    @Test
    void shouldShareOneBrokerAcrossTheRun(KafkaCluster first, KafkaCluster second) {
        assertThat(first).isSameAs(second);
        assertThat(first.bootstrapServers()).isNotBlank();
    }
}
