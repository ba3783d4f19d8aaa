package dev.sluice.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.FreePorts;
import dev.sluice.processor.embed.tei.FakeTeiServer;
import dev.sluice.processor.embed.tei.FakeTeiServer.LatencyDistribution;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three processor instances (JVMs of their own, one application id) share the input; every few seconds one of them is
 * killed with SIGKILL — no shutdown hook, no commit, batches in flight lost with the process — and started again on
 * its state directory, while documents stream in. Afterwards every document has exactly one outcome, and the current
 * Lucene copy of every partition (BM25 and HNSW) holds exactly the indexed documents' chunks.
 */
@WithKafka
class CrashReliabilityIT {
    private static final Logger log = LoggerFactory.getLogger(CrashReliabilityIT.class);
    private static final Duration KILL_EVERY = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<ProcessorProcess> instances = new ArrayList<>();
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();

    /** Where the instances' output goes: {@code -Dsluice.reliability.log-dir} keeps it after the test. */
    private Path logDir() throws java.io.IOException {
        String kept = System.getProperty("sluice.reliability.log-dir");
        return kept == null ? dir : java.nio.file.Files.createDirectories(Path.of(kept));
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        killer.shutdownNow();
        for (ProcessorProcess p : instances) {
            p.kill();
        }
    }

    @Test
    void shouldLoseAndDoubleNothingWhenInstancesAreKilledAndRestarted(KafkaCluster kafka) throws Exception {
        Topics topics = ReliabilityTopics.create(kafka);
        String appId = "reliability-crash-" + topics.documents().name();
        Map<String, DocumentEvent> docs = ReliabilityDocuments.generate("crash.example.com",
                ReliabilityProfile.DOCUMENTS);
        long start = System.nanoTime();
        try (FakeTeiServer tei = FakeTeiServer.start()) {
            // Slow enough answers that batches are in flight whenever an instance dies.
            tei.latency(LatencyDistribution.logNormal(Duration.ofMillis(30), Duration.ofMillis(500)));
            List<Path> stateDirs = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                Path state = dir.resolve(name);
                stateDirs.add(state);
                int port = FreePorts.take();
                List<String> args = ProcessorArgs.of(kafka.bootstrapServers(), topics, appId, state, port,
                        tei.uri().toString());
                args.add("--sluice.kafka.stream-threads=1");
                ProcessorProcess p = new ProcessorProcess(name, args, port, logDir());
                p.start();
                instances.add(p);
            }
            for (ProcessorProcess p : instances) {
                p.awaitHealthy(Duration.ofMinutes(2));
            }
            log.info("Reliability | test=crashes | three instances up after {} s",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));

            Duration feedPeriod = ReliabilityTopics.feedPeriod().multipliedBy(2);
            int kills = (int) (feedPeriod.toSeconds() / KILL_EVERY.toSeconds());
            AtomicInteger killed = new AtomicInteger();
            CompletableFuture<Void> killing = new CompletableFuture<>();
            killer.scheduleWithFixedDelay(() -> {
                try {
                    int k = killed.get();
                    if (k >= kills) {
                        killing.complete(null);
                        return;
                    }
                    ProcessorProcess victim = instances.get(k % instances.size());
                    victim.kill();
                    victim.start();
                    log.info("Reliability | test=crashes | killed and restarted {}", victim.name());
                    killed.incrementAndGet();
                } catch (Exception e) {
                    killing.completeExceptionally(e);
                }
            }, 3, KILL_EVERY.toSeconds(), TimeUnit.SECONDS);
            CompletableFuture<Void> fed = Feeder.feed(kafka, topics, docs, feedPeriod);

            fed.get(3, TimeUnit.MINUTES);
            killing.get(5, TimeUnit.MINUTES);
            log.info("Reliability | test=crashes | fed and killed after {} s",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            var outcomes = new Accounting(kafka, topics).outcomes(docs.size(), ReliabilityProfile.OUTCOME_TIMEOUT);
            log.info("Reliability | test=crashes | every outcome after {} s",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            for (ProcessorProcess p : instances) {
                assertThat(p.terminate(60)).as("%s stops on SIGTERM", p.name()).isTrue();
            }

            Accounting.Report report = new Accounting(kafka, topics).check(docs, outcomes,
                    ChunkCounts.fromLucene(stateDirs, appId, "bm25"),
                    ChunkCounts.fromLucene(stateDirs, appId, "vectors"));

            assertThat(report.indexed()).isEqualTo(docs.size());
            assertThat(killed.get()).isEqualTo(kills);
            log.info("Reliability | test=crashes | {} | instances=3 | sigkills={} | wall_s={}", report, killed.get(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        }
    }
}
