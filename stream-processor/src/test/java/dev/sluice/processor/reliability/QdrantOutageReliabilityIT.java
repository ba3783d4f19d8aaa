package dev.sluice.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.FreePorts;
import dev.sluice.processor.embed.tei.FakeTeiServer;
import dev.sluice.processor.index.qdrant.FakeQdrantServer;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor with Qdrant as its vector store (a fake speaking Qdrant's gRPC on a local port), and Qdrant down
 * (connections refused) for {@link ReliabilityProfile#OUTAGE} while documents stream in. Every document gets exactly
 * one outcome; Qdrant holds exactly the chunks of the indexed documents, and so does BM25.
 */
@WithKafka
class QdrantOutageReliabilityIT {
    private static final Logger log = LoggerFactory.getLogger(QdrantOutageReliabilityIT.class);
    private static final String COLLECTION = "sluice_chunks";

    @TempDir
    Path dir;

    @Test
    void shouldLoseAndDoubleNothingWhileQdrantIsDown(KafkaCluster kafka) throws Exception {
        Topics topics = ReliabilityTopics.create(kafka);
        String appId = "reliability-qdrant-" + topics.documents().name();
        Map<String, DocumentEvent> docs = ReliabilityDocuments.generate("qdrant.example.com",
                ReliabilityProfile.DOCUMENTS);
        long start = System.nanoTime();
        try (FakeTeiServer tei = FakeTeiServer.start(); FakeQdrantServer qdrant = FakeQdrantServer.onLocalPort()) {
            Path state = dir.resolve("state");
            List<String> args = ProcessorArgs.of(kafka.bootstrapServers(), topics, appId, state,
                    FreePorts.take(), tei.uri().toString());
            args.add("--sluice.qdrant.url=http://127.0.0.1:" + qdrant.port());
            args.add("--sluice.qdrant.collection=" + COLLECTION);
            try (ProcessorNode node = ProcessorNode.start(args)) {
                CompletableFuture<Void> fed = Feeder.feed(kafka, topics, docs, ReliabilityTopics.feedPeriod());
                CompletableFuture<Void> outage = Outage.schedule(Duration.ofSeconds(2), ReliabilityProfile.OUTAGE,
                        qdrant::down, qdrant::up);
                fed.get(2, TimeUnit.MINUTES);
                var outcomes = new Accounting(kafka, topics).outcomes(docs.size(), ReliabilityProfile.OUTCOME_TIMEOUT);
                assertThat(outage).isDone();
                node.close();

                Accounting.Report report = new Accounting(kafka, topics).check(docs, outcomes,
                        ChunkCounts.fromLucene(List.of(state), appId, "bm25"),
                        ChunkCounts.fromQdrant(qdrant, COLLECTION));

                assertThat(report.indexed()).as("the outage fails no document at the default retry settings")
                        .isEqualTo(docs.size());
                assertThat(report.retried()).as("documents in flight during the outage were retried").isPositive();
                log.info("Reliability | test=qdrant-outage | {} | qdrant_down_s={} | qdrant_points={} | wall_s={}",
                        report, ReliabilityProfile.OUTAGE.toSeconds(), qdrant.pointCount(COLLECTION),
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            }
        }
    }
}
