package dev.sluice.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.sluice.metrics.MetricsDatabase;
import dev.sluice.metrics.MetricsStoreConfig;
import dev.sluice.metrics.OperationMetricsWriter;
import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.engine.RetryPolicy;
import dev.sluice.processor.testing.InMemoryTargets;
import dev.sluice.processor.testing.TestComponents;
import dev.sluice.processor.topology.BatchReport;
import dev.sluice.processor.topology.BatchingConfig;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.processor.topology.MetricsSink;
import dev.sluice.processor.topology.MetricsSinks;
import dev.sluice.processor.topology.SluiceTopology;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.DocumentSource;
import dev.sluice.schemas.SourceKind;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.FreshDatabase;
import dev.sluice.testkit.MonitoringContract;
import dev.sluice.testkit.WithPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real batching processor (driven by {@code TopologyTestDriver}) writing through the real PostgreSQL sink and
 * writer into a real PostgreSQL: the dashboards' query runs unchanged and gives the figures of the batches the
 * pipeline ran.
 */
@WithPostgres
class PipelineMetricsIT {
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path stateDir;

    private static DocumentEvent doc(int i, String markdown) {
        return DocumentEvent.builder("https://example.com/page/" + i).markdown(markdown)
                .source(new DocumentSource(SourceKind.FIRECRAWL, "crawl-42", null)).build();
    }

    @Test
    void shouldWriteRowsThatTheDashboardQueryAggregatesRight(FreshDatabase db) throws SQLException {
        List<BatchReport> reports = Collections.synchronizedList(new ArrayList<>());
        MetricsStoreConfig config = MetricsStoreConfig.of(db.jdbcUrl(), db.user(), db.password());
        try (MetricsDatabase database = MetricsDatabase.open(config, "test");
                OperationMetricsWriter writer = OperationMetricsWriter.start(database, config);
                BatchIndexer indexer = new BatchIndexer(TestComponents.PARAGRAPHS,
                        TestComponents.ONE_CHUNK_PER_BLOCK, new TestComponents.CountingEmbedder(),
                        new IndexingConfig(8, new RetryPolicy(1, Duration.ZERO, Duration.ZERO,
                                Duration.ofSeconds(10))), Clock.systemUTC())) {
            MetricsSink recording = new MetricsSink() {
                @Override
                public void batchCompleted(BatchReport batch) {
                    reports.add(batch);
                }
            };
            var topology = SluiceTopology.build(TOPICS, new BatchingConfig(4, 1 << 20, Duration.ofMillis(50), 1000,
                    Duration.ofSeconds(5)), indexer, new InMemoryTargets(), InflightLimiter.defaults(), Runnable::run,
                    MetricsSinks.all(List.of(recording, new PostgresMetricsSink(writer))));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
                TestInputTopic<String, byte[]> input = driver.createInputTopic(TOPICS.documents().name(),
                        new StringSerializer(), new ByteArraySerializer());
                List<DocumentEvent> docs = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    // every 10th has no text: FAILED at cleaning
                    docs.add(doc(i, i % 10 == 9 ? " " : "Paragraph one of " + i + ".\n\nParagraph two of " + i + "."));
                }
                docs.add(doc(0, "Paragraph one of 0.\n\nParagraph two of 0.")); // same content again: UNCHANGED
                for (DocumentEvent d : docs) {
                    input.pipeInput(d.documentId(), TOPICS.documents().valueSerde().serializer().serialize("t", d));
                }
                input.pipeInput("broken", "{not json".getBytes(StandardCharsets.UTF_8));
                driver.advanceWallClockTime(Duration.ofMillis(100));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.queued() == 0 && writer.written() > 0);
            assertThat(writer.dropped()).isZero();
        }

        List<Double> durations = reports.stream().map(r -> (double) r.durationMs()).toList();
        assertThat(reports).hasSizeGreaterThanOrEqualTo(8); // 31 documents in batches of at most 4
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(MonitoringContract.DASHBOARD_QUERY)) {
                rs.next();
                assertThat(rs.getLong("total_batches")).isEqualTo(reports.size());
                assertThat(rs.getDouble("avg_batch_time")).isCloseTo(MonitoringContract.average(durations), within(1e-9));
                assertThat(rs.getDouble("p50")).isCloseTo(MonitoringContract.percentileCont(durations, 0.50), within(1e-9));
                assertThat(rs.getDouble("p95")).isCloseTo(MonitoringContract.percentileCont(durations, 0.95), within(1e-9));
                assertThat(rs.getDouble("p99")).isCloseTo(MonitoringContract.percentileCont(durations, 0.99), within(1e-9));
            }
            assertThat(count(s, "document_indexing", null)).isEqualTo(31 + 1); // and the unreadable record
            assertThat(count(s, "document_indexing", "indexed")).isEqualTo(27);
            assertThat(count(s, "document_indexing", "unchanged")).isEqualTo(1);
            assertThat(count(s, "document_indexing", "failed")).isEqualTo(3 + 1);
            assertThat(count(s, "queue_wait", null)).as("one per document with an outcome").isEqualTo(31);
            assertThat(count(s, "cleaning", null)).isEqualTo(31);
            assertThat(count(s, "chunking", null)).isEqualTo(27);
            assertThat(count(s, "embedding", null)).isEqualTo(27);
            assertThat(count(s, "vector_upsert", null)).isEqualTo(27);
            assertThat(count(s, "bm25", null)).isEqualTo(27);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM webhook.operation_metrics WHERE operation_type "
                    + "= 'cleaning' AND NOT success AND error_message LIKE 'EMPTY_CONTENT:%' AND job_id = 'crawl-42' "
                    + "AND crawl_id = 'crawl-42' AND document_url LIKE 'https://example.com/page/%' "
                    + "AND batch_id LIKE 'p0-o%' AND kafka_partition = 0 AND attempt = 1")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
        }
    }

    private static long count(Statement s, String type, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM webhook.operation_metrics WHERE operation_type = '"
                + type + "'" + (name == null ? "" : " AND operation_name = '" + name + "'"))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
