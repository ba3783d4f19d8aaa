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
    void shouldShareOneBrokerAcrossTheRun(KafkaCluster first, KafkaCluster second) {
        assertThat(first).isSameAs(second);
        assertThat(first.bootstrapServers()).isNotBlank();
    }
}
