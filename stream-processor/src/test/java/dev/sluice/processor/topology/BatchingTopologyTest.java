package dev.sluice.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.engine.RetryPolicy;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.testing.InMemoryTargets;
import dev.sluice.processor.testing.TestComponents;
import dev.sluice.processor.testing.TestComponents.CountingEmbedder;
import dev.sluice.processor.text.TextCleaner;
import dev.sluice.schemas.DeadLetterHeaders;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import dev.sluice.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batching rules, driven without a broker: punctuators run on {@code advanceWallClockTime}. */
class BatchingTopologyTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final Instant START = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path stateDir;

    private final CountingEmbedder embedder = new CountingEmbedder();
    private final InMemoryTargets targets = new InMemoryTargets();
    private BatchIndexer indexer;
    private Topology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, IndexOutcome> outcomes;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @AfterEach
    void close() {
        if (driver != null) driver.close();
        if (indexer != null) indexer.close();
    }

    private void start(BatchingConfig batching, TextCleaner cleaner) {
        indexer = new BatchIndexer(cleaner, TestComponents.ONE_CHUNK_PER_BLOCK, embedder,
                new IndexingConfig(8, new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10))),
                Clock.systemUTC());
        // Runnable::run: batches are indexed synchronously, so the test decides when outcomes are collected.
        topology = SluiceTopology.build(TOPICS, batching, indexer, targets, InflightLimiter.defaults(),
                Runnable::run);
        driver = new TopologyTestDriver(topology, props(stateDir), START);
        input = driver.createInputTopic(TOPICS.documents().name(), new StringSerializer(), new ByteArraySerializer());
        outcomes = driver.createOutputTopic(TOPICS.outcomes().name(), new StringDeserializer(),
                TOPICS.outcomes().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static Properties props(Path dir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sluice-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        return props;
    }

    private void start(BatchingConfig batching) {
        start(batching, TestComponents.PARAGRAPHS);
    }

    private static DocumentEvent doc(int i) {
        return doc(i, "Paragraph one of page " + i + ".\n\nParagraph two of page " + i + ".");
    }

    private static DocumentEvent doc(int i, String markdown) {
        return DocumentEvent.builder("https://example.com/page/" + i).markdown(markdown).receivedAt(START).build();
    }

    private void send(DocumentEvent event) {
        input.pipeInput(event.documentId(), TOPICS.documents().valueSerde().serializer().serialize("t", event));
    }

    private List<IndexOutcome> readOutcomes() {
        return outcomes.readValuesToList();
    }

    /** Count, bytes and linger alone: the idle time at the linger takes no part (see {@code IdleFlush}). */
    private static BatchingConfig config(int maxDocuments, long maxBytes, Duration linger) {
        return new BatchingConfig(maxDocuments, maxBytes, linger, 1000, Duration.ofSeconds(5)).withIdle(linger);
    }

    @Nested
    class Flushing {
        @Test
        void shouldFlushWhenTheBatchIsFull() {
            start(config(4, 1 << 20, Duration.ofHours(1)));
            for (int i = 0; i < 3; i++) send(doc(i));
            assertThat(outcomes.isEmpty()).isTrue();

            send(doc(3));

            List<IndexOutcome> out = readOutcomes();
            assertThat(out).hasSize(4).extracting(IndexOutcome::status).containsOnly(OutcomeStatus.INDEXED);
            assertThat(out).extracting(IndexOutcome::batchId).containsOnly("p0-o0");
        }

        @Test
        void shouldFlushWhenTheBytesAreReached() {
            DocumentEvent big = doc(1, "x".repeat(3000));
            // Counted bytes of a record: its value plus its key.
            long size = TOPICS.documents().valueSerde().serializer().serialize("t", big).length
                    + big.documentId().length();
            start(config(100, 2 * size, Duration.ofHours(1)));
            send(big);
            assertThat(outcomes.isEmpty()).isTrue();

            send(doc(2, "y".repeat(3000)));

            assertThat(readOutcomes()).hasSize(2);
        }

        @Test
        void shouldFlushAfterTheLingerWhenInputGoesQuiet() {
            start(config(16, 1 << 20, Duration.ofMillis(100)));
            send(doc(1));
            send(doc(2));
            driver.advanceWallClockTime(Duration.ofMillis(50));
            assertThat(outcomes.isEmpty()).isTrue();

            driver.advanceWallClockTime(Duration.ofMillis(60));

            assertThat(readOutcomes()).hasSize(2).extracting(IndexOutcome::status)
                    .containsOnly(OutcomeStatus.INDEXED);
        }

        @Test
        void shouldStampEachOutcomeWithItsRecordAndTheTimeItWaited() {
            start(config(16, 1 << 20, Duration.ofMillis(100)));
            send(doc(1));
            send(doc(2));
            driver.advanceWallClockTime(Duration.ofMillis(110));

            List<org.apache.kafka.streams.test.TestRecord<String, IndexOutcome>> records = outcomes.readRecordsToList();
            assertThat(records).hasSize(2);
            for (int i = 0; i < 2; i++) {
                var headers = records.get(i).headers();
                assertThat(new String(headers.lastHeader("sluice.source.offset").value(),
                        java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
                assertThat(new String(headers.lastHeader("sluice.source.partition").value(),
                        java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("0");
                assertThat(records.get(i).value().timings().queueWaitMs())
                        .as("it waited the linger in the buffer before its batch started").isBetween(100L, 1_000L);
            }
        }

        @Test
        void shouldSplitABurstIntoBatchesOfTheConfiguredSize() {
            start(config(4, 1 << 20, Duration.ofMillis(100)));
            for (int i = 0; i < 10; i++) send(doc(i));
            driver.advanceWallClockTime(Duration.ofMillis(100));

            assertThat(readOutcomes()).hasSize(10).extracting(IndexOutcome::batchId)
                    .containsExactly("p0-o0", "p0-o0", "p0-o0", "p0-o0", "p0-o4", "p0-o4", "p0-o4", "p0-o4",
                            "p0-o8", "p0-o8");
        }
    }

    /**
     * Two drivers of one topology are two tasks of one instance: they share its {@link LingerClock}. Each driver has
     * its own wall clock; the tests move both, one after the other, as one stream thread's tasks tick in turn.
     */
    @Nested
    class SharedLinger {
        private TopologyTestDriver otherTask;
        private TestInputTopic<String, byte[]> otherInput;
        private TestOutputTopic<String, IndexOutcome> otherOutcomes;

        private void startTwoTasks(BatchingConfig batching) {
            start(batching);
            otherTask = new TopologyTestDriver(topology, props(stateDir.resolve("other-task")), START);
            otherInput = otherTask.createInputTopic(TOPICS.documents().name(), new StringSerializer(),
                    new ByteArraySerializer());
            otherOutcomes = otherTask.createOutputTopic(TOPICS.outcomes().name(), new StringDeserializer(),
                    TOPICS.outcomes().valueSerde().deserializer());
        }

        @AfterEach
        void closeOtherTask() {
            if (otherTask != null) otherTask.close();
        }

        private void sendToOther(DocumentEvent event) {
            otherInput.pipeInput(event.documentId(),
                    TOPICS.documents().valueSerde().serializer().serialize("t", event));
        }

        private void advanceBoth(Duration d) {
            driver.advanceWallClockTime(d);
            otherTask.advanceWallClockTime(d);
        }

        @Test
        void shouldFlushWhatAnotherTaskHoldsWhenOneBatchLingersOut() {
            startTwoTasks(config(16, 1 << 20, Duration.ofMillis(100)));
            send(doc(1));
            advanceBoth(Duration.ofMillis(60));
            sendToOther(doc(2));

            driver.advanceWallClockTime(Duration.ofMillis(40)); // doc 1 has waited 100 ms: its batch lingers out
            assertThat(readOutcomes()).hasSize(1);
            assertThat(otherOutcomes.isEmpty()).as("the other task has not ticked yet").isTrue();

            otherTask.advanceWallClockTime(Duration.ofMillis(40)); // its next tick; doc 2 has waited 40 ms

            assertThat(otherOutcomes.readValuesToList()).singleElement().satisfies(o -> {
                assertThat(o.documentId()).isEqualTo(doc(2).documentId());
                assertThat(o.status()).isEqualTo(OutcomeStatus.INDEXED);
            });
        }

        @Test
        void shouldKeepDocumentsThatArrivedAfterTheLingeredFlushForTheirOwnLinger() {
            startTwoTasks(config(16, 1 << 20, Duration.ofMillis(100)));
            send(doc(1));
            advanceBoth(Duration.ofMillis(100)); // doc 1's batch lingers out at +100
            assertThat(readOutcomes()).hasSize(1);
            otherTask.advanceWallClockTime(Duration.ofMillis(10));
            sendToOther(doc(2)); // at +110: after that flush

            otherTask.advanceWallClockTime(Duration.ofMillis(90));
            assertThat(otherOutcomes.isEmpty()).as("waited 90 ms of its 100").isTrue();

            otherTask.advanceWallClockTime(Duration.ofMillis(10));
            assertThat(otherOutcomes.readValuesToList()).hasSize(1);
        }

        @Test
        void shouldNotTreatAFullBatchAsALingeredOne() {
            startTwoTasks(config(2, 1 << 20, Duration.ofMillis(100)));
            sendToOther(doc(1));
            advanceBoth(Duration.ofMillis(10));
            send(doc(2));
            send(doc(3)); // full: flushed at once, not because anything lingered
            assertThat(readOutcomes()).hasSize(2);

            otherTask.advanceWallClockTime(Duration.ofMillis(80));
            assertThat(otherOutcomes.isEmpty()).as("doc 1 waits for its own linger").isTrue();

            otherTask.advanceWallClockTime(Duration.ofMillis(10));
            assertThat(otherOutcomes.readValuesToList()).hasSize(1);
        }
    }

    /** The end of a burst: once no document reached the instance for the idle time, what waits is flushed. */
    @Nested
    class IdleFlush {
        private static final BatchingConfig BURSTS = config(16, 1 << 20, Duration.ofMillis(100))
                .withIdle(Duration.ofMillis(20));
        private TopologyTestDriver otherTask;
        private TestInputTopic<String, byte[]> otherInput;

        @AfterEach
        void closeOtherTask() {
            if (otherTask != null) otherTask.close();
        }

        @Test
        void shouldFlushOnceTheInputWasQuietForTheIdleTime() {
            start(BURSTS);
            send(doc(1));
            driver.advanceWallClockTime(Duration.ofMillis(10));
            send(doc(2));
            driver.advanceWallClockTime(Duration.ofMillis(10));
            assertThat(outcomes.isEmpty()).as("quiet for 10 ms of 20").isTrue();

            driver.advanceWallClockTime(Duration.ofMillis(10)); // quiet for 20 ms; doc 1 waited 30 of its 100

            assertThat(readOutcomes()).hasSize(2).extracting(IndexOutcome::batchId).containsOnly("p0-o0");
        }

        @Test
        void shouldWaitForTheLingerWhileDocumentsKeepArriving() {
            start(BURSTS);
            for (int i = 0; i < 10; i++) {
                send(doc(i));
                driver.advanceWallClockTime(Duration.ofMillis(10)); // never quiet for 20 ms
                if (i < 9) {
                    assertThat(outcomes.isEmpty()).as("at +%d ms", (i + 1) * 10).isTrue();
                }
            }

            // doc 0 lingered out at +100
            assertThat(readOutcomes()).hasSize(10).extracting(IndexOutcome::batchId).containsOnly("p0-o0");
        }

        @Test
        void shouldCountArrivalsAtEveryTaskOfTheInstance() {
            start(BURSTS);
            otherTask = new TopologyTestDriver(topology, props(stateDir.resolve("other-task")), START);
            otherInput = otherTask.createInputTopic(TOPICS.documents().name(), new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, IndexOutcome> otherOutcomes = otherTask.createOutputTopic(
                    TOPICS.outcomes().name(), new StringDeserializer(), TOPICS.outcomes().valueSerde().deserializer());
            send(doc(0));
            for (int i = 1; i <= 5; i++) {
                driver.advanceWallClockTime(Duration.ofMillis(10));
                otherTask.advanceWallClockTime(Duration.ofMillis(10));
                otherInput.pipeInput(doc(i).documentId(),
                        TOPICS.documents().valueSerde().serializer().serialize("t", doc(i)));
            }
            driver.advanceWallClockTime(Duration.ofMillis(10));
            assertThat(outcomes.isEmpty()).as("its own partition was quiet for 60 ms, the instance was not").isTrue();

            driver.advanceWallClockTime(Duration.ofMillis(10)); // +70: nothing reached the instance since +50
            otherTask.advanceWallClockTime(Duration.ofMillis(20));

            assertThat(readOutcomes()).hasSize(1);
            assertThat(otherOutcomes.readValuesToList()).hasSize(5);
        }
    }

    @Nested
    class Outcomes {
        @Test
        void shouldDeleteOnTombstone() {
            start(config(1, 1 << 20, Duration.ZERO));
            DocumentEvent d = doc(1);
            send(d);
            assertThat(targets.indexes.get(0).documents).containsKey(d.documentId());

            input.pipeInput(d.documentId(), (byte[]) null);

            List<IndexOutcome> out = readOutcomes();
            assertThat(out).extracting(IndexOutcome::status).containsExactly(OutcomeStatus.INDEXED,
                    OutcomeStatus.DELETED);
            assertThat(targets.indexes.get(0).documents).doesNotContainKey(d.documentId());
            assertChunkStoreHolds(0);
        }

        @Test
        void shouldReportUnchangedWithoutEmbeddingAgain() {
            start(config(1, 1 << 20, Duration.ZERO));
            send(doc(1));
            int calls = embedder.calls.get();

            send(doc(1));

            assertThat(readOutcomes()).extracting(IndexOutcome::status).containsExactly(OutcomeStatus.INDEXED,
                    OutcomeStatus.UNCHANGED);
            assertThat(embedder.calls).hasValue(calls);
        }

        @Test
        void shouldKeepTheChunkStoreEqualToTheIndex() {
            start(config(1, 1 << 20, Duration.ZERO));
            DocumentEvent d = doc(1, "a.\n\nb.\n\nc.");
            send(d);
            assertChunkStoreHolds(3);

            send(doc(1, "only a."));

            assertChunkStoreHolds(1);
            assertThat(targets.indexes.get(0).documents.get(d.documentId())).hasSize(1);
        }

        @Test
        void shouldIndexTwoVersionsOfADocumentOneAfterTheOther() {
            start(config(16, 1 << 20, Duration.ofMillis(10)));
            send(doc(1, "first version."));
            send(doc(1, "second version."));
            driver.advanceWallClockTime(Duration.ofMillis(10));
            driver.advanceWallClockTime(Duration.ofMillis(10));

            List<IndexOutcome> out = readOutcomes();
            assertThat(out).hasSize(2).extracting(IndexOutcome::batchId).containsExactly("p0-o0", "p0-o1");
            assertThat(targets.indexes.get(0).documents.get(doc(1).documentId()).getFirst().text())
                    .isEqualTo("second version.");
        }

        private void assertChunkStoreHolds(int n) {
            var store = driver.<String, IndexedChunk>getKeyValueStore(StoreNames.CHUNKS);
            int count = 0;
            try (var all = store.all()) {
                while (all.hasNext()) {
                    all.next();
                    count++;
                }
            }
            assertThat(count).isEqualTo(n);
        }
    }

    @Nested
    class DeadLetters {
        @Test
        void shouldDeadLetterUnreadableRecordsAndGoOn() {
            start(config(1, 1 << 20, Duration.ZERO));
            byte[] garbage = {(byte) 0xC3, 0x28, 0x00, 0x7B};
            input.pipeInput("bad-1", garbage);
            send(doc(2));

            TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("bad-1");
            assertThat(header(dead, DeadLetterHeaders.ERROR_CODE)).isEqualTo("DESERIALIZATION");
            assertThat(header(dead, DeadLetterHeaders.ERROR_STAGE)).isEqualTo("deserialization");
            assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.documents().name());
            assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
            List<IndexOutcome> out = readOutcomes();
            assertThat(out).extracting(IndexOutcome::status).containsExactly(OutcomeStatus.FAILED,
                    OutcomeStatus.INDEXED);
            assertThat(out.getFirst().error().stage()).isEqualTo(Stage.DESERIALIZATION);
        }

        @Test
        void shouldDeadLetterARecordWhoseKeyIsNotItsDocumentId() {
            start(config(1, 1 << 20, Duration.ZERO));
            DocumentEvent d = doc(1);
            input.pipeInput("someone-else", TOPICS.documents().valueSerde().serializer().serialize("t", d));

            assertThat(header(deadLetters.readRecord(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("KEY_MISMATCH");
            assertThat(readOutcomes()).singleElement().satisfies(o -> {
                assertThat(o.documentId()).isEqualTo("someone-else");
                assertThat(o.status()).isEqualTo(OutcomeStatus.FAILED);
            });
        }

        @Test
        void shouldDeadLetterAPermanentlyFailedDocumentWithItsOriginalPayload() {
            start(config(2, 1 << 20, Duration.ZERO));
            DocumentEvent empty = doc(1, "   ");
            byte[] payload = TOPICS.documents().valueSerde().serializer().serialize("t", empty);
            input.pipeInput(empty.documentId(), payload);
            send(doc(2));

            TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
            assertThat(dead.value()).isEqualTo(payload);
            assertThat(header(dead, DeadLetterHeaders.ERROR_CODE)).isEqualTo("EMPTY_CONTENT");
            assertThat(header(dead, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
            assertThat(deadLetters.isEmpty()).isTrue();
            assertThat(readOutcomes()).extracting(IndexOutcome::status)
                    .containsExactly(OutcomeStatus.FAILED, OutcomeStatus.INDEXED);
        }

        private String header(TestRecord<byte[], byte[]> record, String name) {
            Header h = record.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }

    @Nested
    class Durability {
        @Test
        void shouldKeepRecordsInTheBufferUntilTheirOutcomeIsForwarded() {
            start(config(16, 1 << 20, Duration.ofHours(1)));
            send(doc(1));
            send(doc(2));
            var buffer = driver.<String, BufferedRecord>getKeyValueStore(StoreNames.BUFFER);
            assertThat(buffer.approximateNumEntries()).isEqualTo(2);

            driver.advanceWallClockTime(Duration.ofHours(1));

            assertThat(readOutcomes()).hasSize(2);
            assertThat(buffer.all().hasNext()).isFalse();
            assertThat(driver.<String, Long>getKeyValueStore(StoreNames.META).get(StoreNames.APPLIED_OFFSET))
                    .isEqualTo(1L);
        }
    }
}
