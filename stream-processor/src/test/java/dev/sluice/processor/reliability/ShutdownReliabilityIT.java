package dev.sluice.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.FreePorts;
import dev.sluice.processor.embed.tei.FakeTeiServer;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful shutdown: a processor is stopped the way SIGTERM stops it (its shutdown hook closes the application
 * context) while batches are in flight — every TEI answer takes 2 s. It stops within its bound
 * ({@code batch.close-timeout} plus the Kafka Streams close), handing back what it had not finished; a second instance
 * (same application id, a machine of its own) then completes everything, each document with exactly one outcome.
 */
@WithKafka
class ShutdownReliabilityIT {
    private static final Logger log = LoggerFactory.getLogger(ShutdownReliabilityIT.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void shouldStopWithinItsBoundMidBatchAndLeaveEverythingToTheNextInstance(KafkaCluster kafka) throws Exception {
        Topics topics = ReliabilityTopics.create(kafka);
        String appId = "reliability-shutdown-" + topics.documents().name();
        Map<String, DocumentEvent> docs = ReliabilityDocuments.generate("shutdown.example.com",
                ReliabilityProfile.DOCUMENTS);
        long start = System.nanoTime();
        try (FakeTeiServer tei = FakeTeiServer.builder().latency(Duration.ofSeconds(2)).start()) {
            Path stateA = dir.resolve("a");
            Path stateB = dir.resolve("b");
            List<String> argsA = ProcessorArgs.of(kafka.bootstrapServers(), topics, appId, stateA,
                    FreePorts.take(), tei.uri().toString());
            argsA.add("--sluice.batch.close-timeout=" + CLOSE_TIMEOUT.toSeconds() + "s");
            ProcessorNode a = ProcessorNode.start(argsA);
            kafka.produce(topics.documents().name(), new StringSerializer(),
                    topics.documents().valueSerde().serializer(), docs);
            // Mid-ingest: some outcomes are out, and batches are being indexed.
            kafka.consumeDistinctKeys(topics.outcomes().name(), new StringDeserializer(),
                    topics.outcomes().valueSerde().deserializer(), docs.size() / 20, Duration.ofMinutes(2),
                    Duration.ZERO);
            int inFlight = a.bean(InflightLimiter.class).documentsInFlight();

            long closing = System.nanoTime();
            a.close();
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);

            try (ProcessorNode b = ProcessorNode.start(ProcessorArgs.of(kafka.bootstrapServers(), topics, appId,
                    stateB, FreePorts.take(), tei.uri().toString()))) {
                var outcomes = new Accounting(kafka, topics).outcomes(docs.size(), ReliabilityProfile.OUTCOME_TIMEOUT);
                b.close();
                Accounting.Report report = new Accounting(kafka, topics).check(docs, outcomes,
                        ChunkCounts.fromLucene(List.of(stateA, stateB), appId, "bm25"),
                        ChunkCounts.fromLucene(List.of(stateA, stateB), appId, "vectors"));

                assertThat(inFlight).as("documents were in flight when the stop came").isPositive();
                assertThat(closeMillis).as("the stop is bounded by the close timeout plus the Streams close")
                        .isLessThan(CLOSE_TIMEOUT.plusSeconds(20).toMillis());
                assertThat(report.indexed()).isEqualTo(docs.size());
                log.info("Reliability | test=shutdown | {} | in_flight_at_stop={} | close_ms={} | wall_s={}", report,
                        inFlight, closeMillis,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            }
        }
    }
}
