package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.FreePorts;
import dev.sluice.processor.embed.tei.FakeTeiServer;
import dev.sluice.processor.reliability.Accounting;
import dev.sluice.processor.reliability.ChunkCounts;
import dev.sluice.processor.reliability.ReliabilityDocuments;
import dev.sluice.processor.reliability.ReliabilityProfile;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one (broker, PostgreSQL, gateway and processor in one JVM) restarted in the middle of an ingest of
 * {@link ReliabilityProfile#DOCUMENTS} documents, on the same data directory: every document gets exactly one outcome,
 * and the processor's Lucene indexes (BM25 and HNSW) hold exactly the indexed documents' chunks. Embeddings come from
 * a fake TEI, so that the test measures the restart and not the in-process model.
 */
class StandaloneRestartReliabilityIT {
    private static final Logger log = LoggerFactory.getLogger(StandaloneRestartReliabilityIT.class);
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path dir;

    private StandaloneRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void shouldLoseAndDoubleNothingWhenRestartedMidIngest() throws Exception {
        long start = System.nanoTime();
        try (FakeTeiServer tei = FakeTeiServer.builder().latency(Duration.ofMillis(50)).start()) {
            StandaloneSettings settings = StandaloneSettings.builder(dir.resolve("data"))
                    .gatewayPort(FreePorts.take()).processorPort(FreePorts.take()).kafkaPort(FreePorts.take())
                    .controllerPort(FreePorts.take()).postgresPort(FreePorts.take()).teiUrl(tei.uri().toString())
                    .shutdownTimeout(Duration.ofSeconds(60)).build();
            runner = StandaloneRunner.start(settings);
            KafkaCluster kafka = runner::bootstrapServers;
            Map<String, DocumentEvent> docs = ReliabilityDocuments.generate("standalone.example.com",
                    ReliabilityProfile.DOCUMENTS);

            kafka.produce(TOPICS.documents().name(), new StringSerializer(),
                    TOPICS.documents().valueSerde().serializer(), docs);
            int seenBeforeRestart = kafka.consumeDistinctKeys(TOPICS.outcomes().name(), new StringDeserializer(),
                    TOPICS.outcomes().valueSerde().deserializer(), docs.size() / 4, Duration.ofMinutes(3),
                    Duration.ZERO).size();
            runner.close();
            runner = StandaloneRunner.start(settings);

            Accounting accounting = new Accounting(kafka, TOPICS);
            Map<String, List<IndexOutcome>> outcomes = accounting.outcomes(docs.size(),
                    ReliabilityProfile.OUTCOME_TIMEOUT);
            var deadLetters = accounting.deadLetters(outcomes);
            // The indexes are read as committed, and a clean stop commits them.
            runner.close();
            Path state = settings.dataDir().resolve("processor");
            Accounting.Report report = accounting.check(docs, outcomes, deadLetters,
                    ChunkCounts.fromLucene(List.of(state), "sluice-processor", "bm25"),
                    ChunkCounts.fromLucene(List.of(state), "sluice-processor", "vectors"));

            assertThat(seenBeforeRestart).isLessThan(docs.size());
            assertThat(report.indexed()).isEqualTo(docs.size());
            log.info("Reliability | test=standalone-restart | {} | outcomes_before_restart={} | restarts=1 | wall_s={}",
                    report, seenBeforeRestart, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        }
    }
}
