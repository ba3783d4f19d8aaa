package dev.sluice.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.FreePorts;
import dev.sluice.processor.embed.tei.FakeTeiServer;
import dev.sluice.processor.embed.tei.FakeTeiServer.Fault;
import dev.sluice.processor.embed.tei.FakeTeiServer.LatencyDistribution;
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
 * TEI misbehaving in every way at once while documents stream in: answers slow (log-normal, median 20 ms, p99 5 s),
 * 30 % of requests answered 503, and the server down (connections refused) for {@link ReliabilityProfile#OUTAGE}.
 * Every document still gets exactly one outcome, every indexed one is in BM25 and HNSW with exactly its chunks.
 */
@WithKafka
class TeiFaultsReliabilityIT {
    private static final Logger log = LoggerFactory.getLogger(TeiFaultsReliabilityIT.class);

    @TempDir
    Path dir;

    @Test
    void shouldLoseAndDoubleNothingWhileTeiIsSlowFailingAndDown(KafkaCluster kafka) throws Exception {
        Topics topics = ReliabilityTopics.create(kafka);
        String appId = "reliability-tei-" + topics.documents().name();
        Map<String, DocumentEvent> docs = ReliabilityDocuments.generate("tei.example.com", ReliabilityProfile.DOCUMENTS);
        long start = System.nanoTime();
        try (FakeTeiServer tei = FakeTeiServer.start()) {
            tei.latency(LatencyDistribution.logNormal(Duration.ofMillis(20), Duration.ofSeconds(5)));
            tei.failFraction(0.3, Fault.unavailable());
            Path state = dir.resolve("state");
            try (ProcessorNode node = ProcessorNode.start(ProcessorArgs.of(kafka.bootstrapServers(), topics, appId,
                    state, FreePorts.take(), tei.uri().toString()))) {
                CompletableFuture<Void> fed = Feeder.feed(kafka, topics, docs, ReliabilityTopics.feedPeriod());
                CompletableFuture<Void> outage = Outage.schedule(Duration.ofSeconds(2), ReliabilityProfile.OUTAGE,
                        tei::down, tei::up);
                fed.get(2, TimeUnit.MINUTES);
                var outcomes = new Accounting(kafka, topics).outcomes(docs.size(), ReliabilityProfile.OUTCOME_TIMEOUT);
                assertThat(outage).isDone();
                node.close();

                Accounting.Report report = new Accounting(kafka, topics).check(docs, outcomes,
                        ChunkCounts.fromLucene(List.of(state), appId, "bm25"),
                        ChunkCounts.fromLucene(List.of(state), appId, "vectors"));

                assertThat(report.indexed()).as("the faults fail no document at the default retry settings")
                        .isEqualTo(docs.size());
                assertThat(tei.randomFaultsInjected()).isPositive();
                assertThat(tei.downPeriods()).isEqualTo(1);
                log.info("Reliability | test=tei-faults | {} | tei_requests={} | tei_503={} | tei_down_s={} "
                        + "| wall_s={}", report, tei.requestCount(), tei.randomFaultsInjected(),
                        ReliabilityProfile.OUTAGE.toSeconds(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            }
        }
    }
}
