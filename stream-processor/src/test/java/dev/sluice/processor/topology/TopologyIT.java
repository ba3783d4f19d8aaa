package dev.sluice.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.testing.InMemoryTargets;
import dev.sluice.processor.testing.TestComponents;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology on a real broker with exactly-once: every document gets exactly one outcome. */
@WithKafka
class TopologyIT {
    @TempDir
    Path stateDir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    private Topics topics(KafkaCluster kafka) {
        Topics topics = Topics.withNames(Map.of(
                "documents", kafka.uniqueTopic("docs"),
                "outcomes", kafka.uniqueTopic("outcomes"),
                "dlq", kafka.uniqueTopic("dlq")));
        kafka.createTopics(12, topics.documents().name());
        kafka.createTopics(3, topics.outcomes().name(), topics.deadLetters().name());
        return topics;
    }

    private KafkaStreams start(KafkaCluster kafka, Topics topics, String appId, Path dir) {
        return start(kafka, topics, appId, dir, new TestComponents.CountingEmbedder(), IndexingConfig.DEFAULT);
    }

    private KafkaStreams start(KafkaCluster kafka, Topics topics, String appId, Path dir,
            dev.sluice.processor.embed.Embedder embedder, IndexingConfig indexing) {
        return start(kafka, topics, appId, dir, embedder, indexing, Map.of());
    }

    private KafkaStreams start(KafkaCluster kafka, Topics topics, String appId, Path dir,
            dev.sluice.processor.embed.Embedder embedder, IndexingConfig indexing, Map<String, String> streamsConfig) {
        BatchIndexer indexer = new BatchIndexer(TestComponents.PARAGRAPHS, TestComponents.ONE_CHUNK_PER_BLOCK,
                embedder, indexing, Clock.systemUTC());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        var topology = SluiceTopology.build(topics, BatchingConfig.DEFAULT, indexer, new InMemoryTargets(),
                InflightLimiter.defaults(), executor);
        StreamsSettings settings = new StreamsSettings(appId, kafka.bootstrapServers(), dir,
                StreamsConfig.EXACTLY_ONCE_V2, 2, "", withReplicationFactorOne(streamsConfig));
        KafkaStreams streams = new KafkaStreams(topology, settings.toProperties());
        closeables.add(indexer);
        closeables.add(executor::shutdownNow);
        closeables.add(() -> streams.close(Duration.ofSeconds(30)));
        streams.start();
        return streams;
    }

    /** Produces {@code docs} and reads outcomes until every one of them has one. */
    private static List<ConsumerRecord<String, IndexOutcome>> produceAndAwaitOutcomes(KafkaCluster kafka,
            Topics topics, Map<String, DocumentEvent> docs, Duration timeout) {
        kafka.produce(topics.documents().name(), new StringSerializer(),
                topics.documents().valueSerde().serializer(), docs);
        return kafka.consumeUntil(topics.outcomes().name(),
                topics.outcomes().keySerde().deserializer(), topics.outcomes().valueSerde().deserializer(),
                seen -> seen.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).size() >= docs.size(),
                timeout, "an outcome for each of " + docs.size() + " documents");
    }

    private static Map<String, String> withReplicationFactorOne(Map<String, String> streamsConfig) {
        Map<String, String> all = new java.util.HashMap<>(streamsConfig);
        all.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        return all;
    }

    private static Map<String, DocumentEvent> documents(int n) {
        Map<String, DocumentEvent> docs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            DocumentEvent d = DocumentEvent.builder("https://example.com/doc/" + i)
                    .markdown("# Doc " + i + "\n\nFirst paragraph of document " + i + ".\n\nSecond paragraph.")
                    .build();
            docs.put(d.documentId(), d);
        }
        return docs;
    }

    /**
     * An embedder that fails 3 calls in every 10 with a retriable error, and every call for a "poisoned" document
     * with a permanent one.
     */
    private static final class FaultyEmbedder extends TestComponents.CountingEmbedder {
        private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public List<float[]> embed(List<String> input) {
            if (input.stream().anyMatch(t -> t.contains("poison"))) {
                throw dev.sluice.processor.engine.IndexingException.permanent("EMBEDDING_REJECTED",
                        dev.sluice.schemas.Stage.EMBEDDING, "the model refuses this text");
            }
            if (calls.incrementAndGet() % 10 < 3) {
                throw dev.sluice.processor.engine.IndexingException.retriable("EMBEDDING_UNAVAILABLE",
                        dev.sluice.schemas.Stage.EMBEDDING, "503 from the embedding server", null);
            }
            return super.embed(input);
        }
    }

    @Test
    void shouldRetryTransientFailuresAndDeadLetterPermanentOnes(KafkaCluster kafka) {
        Topics topics = topics(kafka);
        IndexingConfig indexing = new IndexingConfig(64, new dev.sluice.processor.engine.RetryPolicy(12,
                Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(60)));
        KafkaStreams streams = start(kafka, topics, "sluice-it-faults-" + topics.documents().name(), stateDir,
                new FaultyEmbedder(), indexing);
        Map<String, DocumentEvent> docs = documents(300);
        Set<String> poisoned = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            DocumentEvent d = DocumentEvent.builder("https://example.com/poison/" + i)
                    .markdown("This poison page " + i + " cannot be embedded.").build();
            docs.put(d.documentId(), d);
            poisoned.add(d.documentId());
        }

        List<ConsumerRecord<String, IndexOutcome>> outcomes = produceAndAwaitOutcomes(kafka, topics, docs,
                Duration.ofSeconds(120));
        streams.close(Duration.ofSeconds(30));

        assertThat(outcomes).hasSize(docs.size());
        for (ConsumerRecord<String, IndexOutcome> r : outcomes) {
            if (poisoned.contains(r.key())) {
                assertThat(r.value().status()).isEqualTo(OutcomeStatus.FAILED);
                assertThat(r.value().error().code()).isEqualTo("EMBEDDING_REJECTED");
                assertThat(r.value().attempts()).isEqualTo(1);
            } else {
                assertThat(r.value().status()).as(r.key()).isEqualTo(OutcomeStatus.INDEXED);
            }
        }
        assertThat(outcomes).anyMatch(r -> r.value().attempts() > 1);
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.consume(topics.deadLetters().name(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), poisoned.size(),
                Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> topics.documents().valueSerde().deserializer().deserialize("t", r.value()))
                .containsExactlyInAnyOrderElementsOf(poisoned.stream().map(docs::get).toList());
    }

    @Test
    void shouldGiveEachOfAThousandDocumentsExactlyOneOutcome(KafkaCluster kafka) {
        Topics topics = topics(kafka);
        KafkaStreams streams = start(kafka, topics, "sluice-it-" + topics.documents().name(), stateDir);
        Map<String, DocumentEvent> docs = documents(1000);

        List<ConsumerRecord<String, IndexOutcome>> outcomes = produceAndAwaitOutcomes(kafka, topics, docs,
                Duration.ofSeconds(120));
        streams.close(Duration.ofSeconds(30));

        List<ConsumerRecord<String, IndexOutcome>> all = kafka.consume(topics.outcomes().name(),
                topics.outcomes().keySerde().deserializer(), topics.outcomes().valueSerde().deserializer(),
                outcomes.size(), Duration.ofSeconds(30));
        assertThat(all).hasSize(docs.size());
        assertThat(all.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(docs.keySet());
        assertThat(all).extracting(r -> r.value().status()).containsOnly(OutcomeStatus.INDEXED);
        Set<String> batches = all.stream().map(r -> r.value().batchId()).collect(Collectors.toSet());
        assertThat(batches.size()).as("documents were batched").isLessThan(docs.size() / 2);
    }

    /**
     * Outcomes become readable with the commit that ends their transaction. The processor asks for it once a batch's
     * outcomes are forwarded (grouping batches that finish together): with an interval that would only commit after
     * five minutes, the outcomes must still arrive at once.
     */
    @Test
    void shouldCommitOutcomesWithoutWaitingForTheCommitInterval(KafkaCluster kafka) {
        Topics topics = topics(kafka);
        start(kafka, topics, "sluice-it-" + topics.documents().name(), stateDir,
                new TestComponents.CountingEmbedder(), IndexingConfig.DEFAULT,
                Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "300000",
                        StreamsConfig.producerPrefix("transaction.timeout.ms"), "400000"));
        Map<String, DocumentEvent> docs = documents(40);

        List<ConsumerRecord<String, IndexOutcome>> outcomes = produceAndAwaitOutcomes(kafka, topics, docs,
                Duration.ofSeconds(60));
        assertThat(outcomes.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(docs.keySet());
    }
}
