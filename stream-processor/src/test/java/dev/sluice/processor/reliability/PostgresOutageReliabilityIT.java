package dev.sluice.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.FreePorts;
import dev.sluice.processor.embed.tei.FakeTeiServer;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.RestartablePostgres;
import dev.sluice.testkit.WithKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * PostgreSQL (the metrics store) down for {@link ReliabilityProfile#OUTAGE} while documents stream in. MetricsOutageIT
 * proves on 70 documents that indexing goes on, drops beyond the writer's buffer are counted and crawl tracking
 * catches up; this test adds the accounting on {@link ReliabilityProfile#DOCUMENTS}: exactly one outcome each, the
 * indexes exact, and — the buffer being large enough — exactly one {@code document_indexing} row per document once
 * the database is back (none lost, none written twice by a retried batch).
 */
@WithKafka
class PostgresOutageReliabilityIT {
    private static final Logger log = LoggerFactory.getLogger(PostgresOutageReliabilityIT.class);

    @TempDir
    Path dir;

    @Test
    void shouldLoseAndDoubleNothingWhilePostgresIsDown(KafkaCluster kafka) throws Exception {
        Topics topics = ReliabilityTopics.create(kafka);
        String appId = "reliability-postgres-" + topics.documents().name();
        Map<String, DocumentEvent> docs = ReliabilityDocuments.generate("postgres.example.com",
                ReliabilityProfile.DOCUMENTS);
        long start = System.nanoTime();
        try (FakeTeiServer tei = FakeTeiServer.start(); RestartablePostgres pg = RestartablePostgres.start(dir)) {
            Path state = dir.resolve("state");
            List<String> args = ProcessorArgs.of(kafka.bootstrapServers(), topics, appId, state,
                    FreePorts.take(), tei.uri().toString());
            args.addAll(List.of("--sluice.jdbc-url=" + pg.jdbcUrl(), "--sluice.jdbc-user=" + pg.user(),
                    "--sluice.jdbc-password=" + pg.password(), "--sluice.metrics.connect-timeout=500ms",
                    "--sluice.metrics.crawl-tracking=false"));
            try (ProcessorNode node = ProcessorNode.start(args)) {
                CompletableFuture<Void> fed = Feeder.feed(kafka, topics, docs, ReliabilityTopics.feedPeriod());
                CompletableFuture<Void> outage = Outage.schedule(Duration.ofSeconds(2), ReliabilityProfile.OUTAGE,
                        pg::stop, pg::startAgain);
                fed.get(2, TimeUnit.MINUTES);
                var outcomes = new Accounting(kafka, topics).outcomes(docs.size(), ReliabilityProfile.OUTCOME_TIMEOUT);
                outage.get(2, TimeUnit.MINUTES);
                await().atMost(Duration.ofMinutes(2)).until(() -> count(pg,
                        "SELECT count(*) FROM webhook.operation_metrics WHERE operation_type = 'document_indexing'")
                        >= docs.size());
                node.close();

                Accounting.Report report = new Accounting(kafka, topics).check(docs, outcomes,
                        ChunkCounts.fromLucene(List.of(state), appId, "bm25"),
                        ChunkCounts.fromLucene(List.of(state), appId, "vectors"));

                assertThat(report.indexed()).isEqualTo(docs.size());
                assertThat(count(pg, "SELECT count(DISTINCT document_url) FROM webhook.operation_metrics "
                        + "WHERE operation_type = 'document_indexing'")).isEqualTo(docs.size());
                assertThat(count(pg, "SELECT count(*) FROM webhook.operation_metrics "
                        + "WHERE operation_type = 'document_indexing'")).as("no row written twice")
                        .isEqualTo(docs.size());
                log.info("Reliability | test=postgres-outage | {} | postgres_down_s={} | metric_rows={} | wall_s={}",
                        report, ReliabilityProfile.OUTAGE.toSeconds(),
                        count(pg, "SELECT count(*) FROM webhook.operation_metrics"),
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            }
        }
    }

    private static long count(RestartablePostgres pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
