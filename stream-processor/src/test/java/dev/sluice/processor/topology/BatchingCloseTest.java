package dev.sluice.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.engine.RetryPolicy;
import dev.sluice.processor.testing.InMemoryTargets;
import dev.sluice.processor.testing.TestComponents;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.Stage;
import dev.sluice.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a closing task does with the batches it drops: their work is stopped, not left running. */
class BatchingCloseTest {
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path stateDir;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch embedding = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private BatchIndexer indexer;

    @AfterEach
    void close() {
        executor.shutdownNow();
        if (indexer != null) indexer.close();
    }

    /** An embedder that never answers: it waits until its thread is interrupted. */
    private final TestComponents.CountingEmbedder hanging = new TestComponents.CountingEmbedder() {
        @Override
        public List<float[]> embed(List<String> input) {
            embedding.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            throw IndexingException.retriable("EMBEDDING_UNAVAILABLE", Stage.EMBEDDING, "interrupted", null);
        }
    };

    @Test
    void shouldStopTheIndexingOfBatchesItDropsOnClose() throws InterruptedException {
        indexer = new BatchIndexer(TestComponents.PARAGRAPHS, TestComponents.ONE_CHUNK_PER_BLOCK, hanging,
                new IndexingConfig(8, new RetryPolicy(30, Duration.ofMillis(10), Duration.ofMillis(10),
                        Duration.ofMinutes(5))), Clock.systemUTC());
        var topology = SluiceTopology.build(TOPICS, new BatchingConfig(1, 1 << 20, Duration.ofHours(1), 1000,
                Duration.ofMillis(100)), indexer, new InMemoryTargets(), InflightLimiter.defaults(), executor);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sluice-close-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        TopologyTestDriver driver = new TopologyTestDriver(topology, props, Instant.now());
        DocumentEvent doc = DocumentEvent.builder("https://example.com/hangs").markdown("Some words.").build();
        driver.createInputTopic(TOPICS.documents().name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(doc.documentId(), TOPICS.documents().valueSerde().serializer().serialize("t", doc));
        assertThat(embedding.await(30, TimeUnit.SECONDS)).as("the batch is being indexed").isTrue();

        driver.close();

        assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the dropped batch's work was interrupted").isTrue();
    }
}
