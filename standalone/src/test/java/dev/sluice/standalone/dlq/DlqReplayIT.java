package dev.sluice.standalone.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.chunk.ChunkingConfig;
import dev.sluice.processor.chunk.StructureAwareChunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.engine.RetryPolicy;
import dev.sluice.processor.index.lucene.LuceneKeywordIndexConfig;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.processor.topology.BatchingConfig;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.processor.topology.LocalPartitions;
import dev.sluice.processor.topology.LuceneTargetsFactory;
import dev.sluice.processor.topology.SluiceTopology;
import dev.sluice.processor.topology.StreamsSettings;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import dev.sluice.schemas.Topics;
import dev.sluice.standalone.cli.SluiceCli;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.WithKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sluice dlq} against the real topology on a real broker (real cleaning, chunking, Lucene): documents fail
 * while the embedding service is down and land in the dead-letter topic next to two garbage records; once it is back,
 * {@code dlq replay} re-submits exactly the failed documents, which are then INDEXED, and a second replay replays
 * nothing.
 */
@WithKafka
class DlqReplayIT {
    private static final int FAILED = 20;

    @TempDir
    Path stateDir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    /** Stands in for TEI: down (503, retriable) until {@link #fix()}, then deterministic unit vectors. */
    private static final class OutageEmbedder implements Embedder {
        private volatile boolean down = true;

        void fix() {
            down = false;
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            if (down) {
                throw IndexingException.retriable("EMBEDDING_UNAVAILABLE", Stage.EMBEDDING,
                        "503 from the embedding server", null);
            }
            return texts.stream().map(t -> {
                float[] v = new float[8];
                byte[] b = t.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < b.length; i++) v[i % 8] += b[i] & 0x7f;
                double norm = 0;
                for (float x : v) norm += x * x;
                for (int i = 0; i < 8; i++) v[i] /= (float) Math.max(Math.sqrt(norm), 1e-6);
                return v;
            }).toList();
        }

        @Override
        public int dimension() {
            return 8;
        }

        @Override
        public String modelId() {
            return "outage-test-embedder";
        }
    }

    @Test
    void shouldReplayFailedDocumentsOnceAfterTheCauseIsFixedAndSkipGarbage(KafkaCluster kafka) {
        Topics topics = Topics.withNames(Map.of(
                "documents", kafka.uniqueTopic("docs"),
                "outcomes", kafka.uniqueTopic("outcomes"),
                "dlq", kafka.uniqueTopic("dlq")));
        kafka.createTopics(3, topics.documents().name());
        kafka.createTopics(1, topics.outcomes().name(), topics.deadLetters().name());
        OutageEmbedder embedder = new OutageEmbedder();
        start(kafka, topics, embedder);

        Map<String, DocumentEvent> docs = new LinkedHashMap<>();
        for (int i = 0; i < FAILED; i++) {
            DocumentEvent d = DocumentEvent.builder("https://replay.example.com/page/" + i)
                    .title("Page " + i)
                    .markdown("# Page " + i + "\n\nWhat page " + i + " says about replays.").build();
            docs.put(d.documentId(), d);
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        docs.forEach((id, d) -> records.add(new ProducerRecord<>(topics.documents().name(), utf8(id),
                topics.documents().valueSerde().serializer().serialize("t", d))));
        records.add(new ProducerRecord<>(topics.documents().name(), utf8("garbage-1"), new byte[] {(byte) 0xFE, 1}));
        records.add(new ProducerRecord<>(topics.documents().name(), utf8("garbage-2"), utf8("{\"not\": \"a doc\"}")));
        kafka.produce(new ByteArraySerializer(), new ByteArraySerializer(), records);

        List<ConsumerRecord<byte[], byte[]>> dead = kafka.consume(topics.deadLetters().name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), FAILED + 2, Duration.ofSeconds(90));
        assertThat(failed(kafka, topics)).isEqualTo(docs.keySet());

        String listed = run("dlq", "list", "--bootstrap-servers", kafka.bootstrapServers(), "--dlq-topic",
                topics.deadLetters().name());
        assertThat(listed).contains(topics.deadLetters().name() + ": 22 dead letters")
                .containsPattern("20\\s+EMBEDDING_UNAVAILABLE").containsPattern("2\\s+DESERIALIZATION")
                .contains("most recent:").doesNotContain("What page");

        embedder.fix();
        String dry = replay(kafka, topics, "--dry-run");
        assertThat(dry).contains("would replay 20").contains("dry run");

        String first = replay(kafka, topics);
        assertThat(first).contains("22 new dead letters read").contains("replayed 20 to " + topics.documents().name())
                .contains("skipped 2").containsPattern("2\\s+undecodable: the payload is not a document");

        List<ConsumerRecord<String, IndexOutcome>> outcomes = kafka.consumeUntil(topics.outcomes().name(),
                new StringDeserializer(), topics.outcomes().valueSerde().deserializer(),
                seen -> indexed(seen).containsAll(docs.keySet()), Duration.ofSeconds(90),
                "an INDEXED outcome for each replayed document");
        assertThat(indexed(outcomes)).containsAll(docs.keySet());

        String second = replay(kafka, topics);
        assertThat(second).contains("0 new dead letters read").contains("replayed 0");

        // What reached the documents topic again: each failed document once, byte for byte, marked as a replay.
        List<ConsumerRecord<byte[], byte[]>> replays = kafka.consumeUntil(topics.documents().name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), seen -> seen.size() >= FAILED + 2 + FAILED,
                Duration.ofSeconds(30), "the replayed records").stream()
                .filter(r -> r.headers().lastHeader(DlqReplayer.REPLAYED_FROM) != null).toList();
        assertThat(replays).hasSize(FAILED);
        Map<String, byte[]> deadPayloads = dead.stream().filter(r -> docs.containsKey(new String(r.key(),
                StandardCharsets.UTF_8))).collect(Collectors.toMap(r -> new String(r.key(), StandardCharsets.UTF_8),
                ConsumerRecord::value));
        for (ConsumerRecord<byte[], byte[]> r : replays) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(r.value()).as("payload of %s", key).isEqualTo(deadPayloads.get(key));
        }
    }

    private static Set<String> failed(KafkaCluster kafka, Topics topics) {
        return kafka.consumeUntil(topics.outcomes().name(), new StringDeserializer(),
                        topics.outcomes().valueSerde().deserializer(), seen -> seen.stream()
                                .filter(r -> r.value().status() == OutcomeStatus.FAILED).count() >= FAILED + 2,
                        Duration.ofSeconds(60), "FAILED outcomes").stream()
                .filter(r -> r.value().status() == OutcomeStatus.FAILED && r.value().error().code()
                        .equals("EMBEDDING_UNAVAILABLE"))
                .map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static Set<String> indexed(List<ConsumerRecord<String, IndexOutcome>> outcomes) {
        return outcomes.stream().filter(r -> r.value().status() == OutcomeStatus.INDEXED).map(ConsumerRecord::key)
                .collect(Collectors.toSet());
    }

    private String replay(KafkaCluster kafka, Topics topics, String... more) {
        List<String> args = new ArrayList<>(List.of("dlq", "replay", "--bootstrap-servers", kafka.bootstrapServers(),
                "--dlq-topic", topics.deadLetters().name(), "--documents-topic", topics.documents().name()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SluiceCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        assertThat(exit).as("exit code of %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void start(KafkaCluster kafka, Topics topics, Embedder embedder) {
        // TEI "down for everyone" fails a document only after the outage timeout: 2 s here instead of an hour.
        IndexingConfig indexing = new IndexingConfig(16, new RetryPolicy(2, Duration.ofMillis(1),
                Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofSeconds(2)));
        BatchIndexer indexer = new BatchIndexer(new StructuredTextCleaner(), new StructureAwareChunker(
                new ChunkingConfig(64, 0), text -> text.split("\\s+").length), embedder, indexing,
                Clock.systemUTC());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        LuceneTargetsFactory lucene = new LuceneTargetsFactory(null, embedder.dimension(), embedder.modelId(),
                LuceneKeywordIndexConfig.defaults(), new LocalPartitions());
        var topology = SluiceTopology.build(topics, BatchingConfig.DEFAULT, indexer, lucene,
                InflightLimiter.defaults(), executor);
        StreamsSettings settings = new StreamsSettings("sluice-dlq-it-" + topics.documents().name(),
                kafka.bootstrapServers(), stateDir, StreamsConfig.EXACTLY_ONCE_V2, 1, "",
                Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1"));
        KafkaStreams streams = new KafkaStreams(topology, settings.toProperties());
        closeables.add(indexer);
        closeables.add(executor::shutdownNow);
        closeables.add(() -> streams.close(Duration.ofSeconds(30)));
        streams.start();
    }
}
