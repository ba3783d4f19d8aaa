package dev.sluice.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.testing.InMemoryTargets;
import dev.sluice.processor.testing.TestComponents;
import dev.sluice.schemas.DeadLetterHeaders;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes written straight to {@code sluice.documents} by a plain producer, bypassing the gateway: random bytes,
 * truncated and wrongly shaped JSON, a 3 MB record, a null key, a tombstone whose key is garbage. Each becomes a
 * dead letter with its original value and the error headers, and the valid documents written after them to the same
 * (single) partition are still INDEXED: one bad record never stops a partition.
 */
@WithKafka
class PoisonRecordsIT {
    /** Records up to 8 MB on both topics, so that the 3 MB one is accepted in and must fit out. */
    private static final String MAX_MESSAGE_BYTES = Integer.toString(8 << 20);

    @TempDir
    Path stateDir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    private record Poison(String name, byte[] key, byte[] value, String code) {}

    private static List<Poison> poisons(Topics topics) {
        Random random = new Random(9);
        List<Poison> poisons = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] bytes = new byte[1 + random.nextInt(2000)];
            random.nextBytes(bytes);
            bytes[0] = (byte) 0xFE; // never the start of JSON
            poisons.add(new Poison("random bytes " + i, key("random-" + i), bytes, "DESERIALIZATION"));
        }
        DocumentEvent valid = DocumentEvent.builder("https://poison.example.com/truncated").markdown("# T").build();
        byte[] whole = topics.documents().valueSerde().serializer().serialize("t", valid);
        poisons.add(new Poison("truncated JSON", key(valid.documentId()), Arrays.copyOf(whole, whole.length / 2),
                "DESERIALIZATION"));
        poisons.add(new Poison("JSON array", key("shape-1"), utf8("[1, 2, 3]"), "DESERIALIZATION"));
        poisons.add(new Poison("JSON string", key("shape-2"), utf8("\"a document\""), "DESERIALIZATION"));
        poisons.add(new Poison("JSON null", key("shape-3"), utf8("null"), "DESERIALIZATION"));
        poisons.add(new Poison("object of another shape", key("shape-4"), utf8("{\"hello\": \"world\", \"n\": 1}"),
                "DESERIALIZATION"));
        poisons.add(new Poison("url of the wrong type", key("shape-5"), utf8("{\"schemaVersion\": 1, "
                + "\"documentId\": \"shape-5\", \"url\": 42}"), "DESERIALIZATION"));
        poisons.add(new Poison("empty value", key("shape-6"), new byte[0], "DESERIALIZATION"));
        byte[] huge = new byte[3 << 20];
        random.nextBytes(huge);
        huge[0] = '{';
        poisons.add(new Poison("a 3 MB record", key("huge"), huge, "DESERIALIZATION"));
        poisons.add(new Poison("garbage with a null key", null, utf8("{{{{"), "DESERIALIZATION"));
        poisons.add(new Poison("a tombstone with a null key", null, null, "MISSING_KEY"));
        poisons.add(new Poison("a tombstone whose key is garbage", new byte[] {0x00, (byte) 0xFF, 0x01, 'x'}, null,
                "INVALID_KEY"));
        poisons.add(new Poison("a document under another key", key("not-its-id"), whole, "KEY_MISMATCH"));
        return poisons;
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldDeadLetterEveryPoisonRecordAndIndexTheDocumentsAfterItOnTheSamePartition(KafkaCluster kafka)
            throws Exception {
        Topics topics = Topics.withNames(Map.of(
                "documents", kafka.uniqueTopic("docs"),
                "outcomes", kafka.uniqueTopic("outcomes"),
                "dlq", kafka.uniqueTopic("dlq")));
        try (var admin = kafka.admin()) {
            admin.createTopics(List.of(
                    new NewTopic(topics.documents().name(), 1, (short) 1)
                            .configs(Map.of("max.message.bytes", MAX_MESSAGE_BYTES)),
                    new NewTopic(topics.outcomes().name(), 1, (short) 1),
                    new NewTopic(topics.deadLetters().name(), 1, (short) 1)
                            .configs(Map.of("max.message.bytes", MAX_MESSAGE_BYTES)))).all().get();
        }
        start(kafka, topics);
        List<Poison> poisons = poisons(topics);
        Map<String, DocumentEvent> valid = new LinkedHashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < poisons.size(); i++) {
            Poison p = poisons.get(i);
            records.add(new ProducerRecord<>(topics.documents().name(), 0, p.key(), p.value()));
            DocumentEvent d = DocumentEvent.builder("https://poison.example.com/valid/" + i)
                    .markdown("# Valid " + i + "\n\nWritten after " + p.name() + ".").build();
            valid.put(d.documentId(), d);
            records.add(new ProducerRecord<>(topics.documents().name(), 0, key(d.documentId()),
                    topics.documents().valueSerde().serializer().serialize("t", d)));
        }
        Properties producer = kafka.producerProperties();
        producer.put("max.request.size", Integer.parseInt(MAX_MESSAGE_BYTES));
        try (var p = new org.apache.kafka.clients.producer.KafkaProducer<>(producer, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (var r : records) p.send(r).get();
        }

        List<ConsumerRecord<String, IndexOutcome>> outcomes = kafka.consumeUntil(topics.outcomes().name(),
                topics.outcomes().keySerde().deserializer(), topics.outcomes().valueSerde().deserializer(),
                seen -> seen.stream().filter(r -> valid.containsKey(r.key())
                        && r.value().status() == OutcomeStatus.INDEXED).count() >= valid.size(),
                Duration.ofSeconds(90), "an INDEXED outcome for each of " + valid.size() + " valid documents");
        Set<String> indexed = outcomes.stream().filter(r -> r.value().status() == OutcomeStatus.INDEXED)
                .map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(indexed).containsAll(valid.keySet());

        List<ConsumerRecord<byte[], byte[]>> dead = kafka.consumeUntil(topics.deadLetters().name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), seen -> seen.size() >= poisons.size(),
                Duration.ofSeconds(30), poisons.size() + " dead letters");
        assertThat(dead).hasSize(poisons.size());
        for (int i = 0; i < poisons.size(); i++) {
            Poison p = poisons.get(i);
            ConsumerRecord<byte[], byte[]> d = dead.get(i);
            assertThat(d.value()).as("value of %s", p.name()).isEqualTo(p.value());
            assertThat(header(d, DeadLetterHeaders.ERROR_CODE)).as("code of %s", p.name()).isEqualTo(p.code());
            assertThat(header(d, DeadLetterHeaders.ERROR_STAGE)).isEqualTo("deserialization");
            assertThat(header(d, DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank().hasSizeLessThan(1000);
            assertThat(header(d, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topics.documents().name());
            assertThat(header(d, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(Long.parseLong(header(d, DeadLetterHeaders.SOURCE_OFFSET))).isEqualTo(2L * i);
            if (p.key() != null && p.code().equals("DESERIALIZATION")) {
                assertThat(d.key()).as("key of %s", p.name()).isEqualTo(p.key());
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void start(KafkaCluster kafka, Topics topics) {
        BatchIndexer indexer = new BatchIndexer(TestComponents.PARAGRAPHS, TestComponents.ONE_CHUNK_PER_BLOCK,
                new TestComponents.CountingEmbedder(), IndexingConfig.DEFAULT, Clock.systemUTC());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        var topology = SluiceTopology.build(topics, BatchingConfig.DEFAULT, indexer, new InMemoryTargets(),
                InflightLimiter.defaults(), executor);
        StreamsSettings settings = new StreamsSettings("sluice-poison-" + topics.documents().name(),
                kafka.bootstrapServers(), stateDir, StreamsConfig.EXACTLY_ONCE_V2, 1, "",
                Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1"));
        KafkaStreams streams = new KafkaStreams(topology, settings.toProperties());
        closeables.add(indexer);
        closeables.add(executor::shutdownNow);
        closeables.add(() -> streams.close(Duration.ofSeconds(30)));
        streams.start();
    }
}
