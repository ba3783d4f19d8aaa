package dev.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
    @TempDir
    Path dir;

    @Test
    void shouldKeepItsDataAcrossARestartOnTheSamePorts() throws Exception {
        int port = FreePorts.take();
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir, "127.0.0.1", port, FreePorts.take(), Map.of()).start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                    kafka.bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "before restart")).get(30, TimeUnit.SECONDS);
            }

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            kafka.start();

            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                    kafka.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("t", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                List<ConsumerRecord<String, String>> got = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                }
                assertThat(got).extracting(ConsumerRecord::value).containsExactly("before restart");
            }
        }
    }

    @Test
    void shouldRejectBadPorts() {
        assertThatThrownBy(() -> new EmbeddedKafka(dir, "localhost", 9092, 9092, Map.of()))
                .hasMessageContaining("two different ports");
    }
}
