package dev.sluice.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.embedded.FreePorts;
import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.CrawlEventKind;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.DocumentSource;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.SourceKind;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.RestartablePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The processor application with PostgreSQL metrics, on a real broker and a real PostgreSQL that is stopped in the
 * middle of the run: indexing goes on without it, rows beyond the writer's buffer are dropped and counted, writing
 * resumes when it is back, crawl tracking catches up without losing a page, and the Prometheus endpoint shows it all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsOutageIT {
    private static final Topics TOPICS = Topics.defaults();
    private static final String JOB = "crawl-outage";
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    static Path dir;

    private EmbeddedKafka kafka;
    private RestartablePostgres pg;
    private ConfigurableApplicationContext app;
    private int port;
    private KafkaConsumer<String, IndexOutcome> outcomes;
    private final Map<String, IndexOutcome> seen = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        kafka = EmbeddedKafka.onFreePorts(dir.resolve("kafka")).start();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPICS.documents().name(), 3, (short) 1),
                    new NewTopic(TOPICS.outcomes().name(), 3, (short) 1),
                    new NewTopic(TOPICS.deadLetters().name(), 1, (short) 1),
                    new NewTopic(TOPICS.crawlEvents().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        pg = RestartablePostgres.start(dir);
        port = FreePorts.take();
        app = new SpringApplicationBuilder(ProcessorApplication.class).run(
                "--server.port=" + port,
                "--sluice.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--sluice.kafka.state-dir=" + dir.resolve("state"),
                "--sluice.kafka.application-id=metrics-outage-it",
                "--sluice.kafka.streams[replication.factor]=1",
                "--sluice.jdbc-url=" + pg.jdbcUrl(),
                "--sluice.jdbc-user=" + pg.user(),
                "--sluice.jdbc-password=" + pg.password(),
                "--sluice.metrics.buffer-rows=100",
                "--sluice.metrics.connect-timeout=500ms");
        outcomes = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "isolation.level", "read_committed"), new StringDeserializer(),
                TOPICS.outcomes().valueSerde().deserializer());
        List<TopicPartition> partitions = outcomes.partitionsFor(TOPICS.outcomes().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        outcomes.assign(partitions);
        outcomes.seekToBeginning(partitions);
    }

    @AfterAll
    void stop() {
        if (outcomes != null) outcomes.close();
        if (app != null) app.close();
        if (pg != null) pg.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void shouldIndexOnWithoutPostgresCountWhatItDropsAndResumeWhenItIsBack() throws Exception {
        send(event(CrawlEventKind.STARTED));
        send(0, 20);
        awaitOutcomes(20);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM webhook.operation_metrics WHERE operation_type"
                + " = 'document_indexing'") == 20);

        pg.stop();
        send(20, 60);
        awaitOutcomes(60); // indexing does not wait for PostgreSQL
        // 40 documents make about 280 rows; the buffer keeps 100
        await().atMost(WAIT).until(() -> meter("sluice_metrics_writer_dropped_total") > 0);
        assertThat(meter("sluice_metrics_writer_queued")).isEqualTo(100);

        pg.startAgain();
        // The writer finds the database again by itself and writes what it kept.
        await().atMost(WAIT).until(() -> meter("sluice_metrics_writer_queued") == 0);
        send(60, 70);
        send(event(CrawlEventKind.COMPLETED));
        awaitOutcomes(70);
        await().atMost(WAIT).until(() -> meter("sluice_metrics_writer_queued") == 0
                && count("SELECT count(*) FROM webhook.operation_metrics WHERE operation_type = 'document_indexing' "
                + "AND document_url LIKE 'https://docs.example.com/after/%'") == 10);

        double written = meter("sluice_metrics_writer_written_total");
        double dropped = meter("sluice_metrics_writer_dropped_total");
        assertThat(count("SELECT count(*) FROM webhook.operation_metrics")).isEqualTo((long) written);
        long rowsMade = 70 * 7 + count("SELECT count(*) FROM webhook.operation_metrics WHERE operation_type = "
                + "'batch_processing'");
        assertThat((long) (written + dropped)).as("every row made was written or counted as dropped")
                .isGreaterThanOrEqualTo(rowsMade);
        assertThat(count("""
                SELECT COUNT(*) AS total_batches
                FROM webhook.operation_metrics
                WHERE operation_type = 'batch_processing' AND timestamp > NOW() - INTERVAL '1 hour';
                """)).isPositive();

        // Crawl tracking retried through the outage and lost no page.
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM webhook.crawl_sessions WHERE job_id = '" + JOB
                + "' AND status = 'completed' AND pages_received = 70 AND pages_indexed = 70 AND end_to_end_ms IS "
                + "NOT NULL") == 1);

        String scrape = scrape();
        assertThat(meter(scrape, "sluice_documents_total{outcome=\"indexed\"}")).isEqualTo(70);
        assertThat(meter(scrape, "sluice_batch_size_count")).isPositive();
        assertThat(meter(scrape, "sluice_batch_duration_seconds_count")).isPositive();
        assertThat(meter(scrape, "sluice_stage_duration_seconds_count{stage=\"embedding\"}")).isEqualTo(70);
        assertThat(scrape).contains("sluice_inflight_documents", "sluice_consumer_lag", "sluice_dlq_records_total");
    }

    private static CrawlEvent event(CrawlEventKind kind) {
        return new CrawlEvent(1, JOB, kind, "crawl." + kind.name().toLowerCase(), null, "https://docs.example.com",
                null, null, Instant.now());
    }

    private void send(CrawlEvent event) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "acks", "all"), new StringSerializer(), TOPICS.crawlEvents().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(TOPICS.crawlEvents().name(), JOB, event));
        }
    }

    private void send(int from, int to) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "acks", "all"), new StringSerializer(), TOPICS.documents().valueSerde().serializer())) {
            for (int i = from; i < to; i++) {
                String path = i < 60 ? "before/" : "after/";
                DocumentEvent d = DocumentEvent.builder("https://docs.example.com/" + path + i)
                        .markdown("# Page " + i + "\n\nAbout topic " + i + ".\n\n## More\n\nDetails of " + i + ".")
                        .source(new DocumentSource(SourceKind.FIRECRAWL, JOB, null)).build();
                producer.send(new ProducerRecord<>(TOPICS.documents().name(), d.documentId(), d));
            }
        }
    }

    private void awaitOutcomes(int total) {
        await().atMost(WAIT).until(() -> {
            outcomes.poll(Duration.ofMillis(200)).forEach(r -> seen.put(r.key(), r.value()));
            return seen.size() >= total;
        });
        assertThat(seen.values()).extracting(IndexOutcome::status).containsOnly(OutcomeStatus.INDEXED);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private double meter(String name) throws Exception {
        return meter(scrape(), name);
    }

    /** The value of the series {@code name} (with its labels, if given), or -1 when it is not there. */
    private static double meter(String scrape, String series) {
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{([^}]*)\\})? (\\S+)$").matcher(scrape);
        while (m.find()) {
            String found = m.group(2) == null ? "" : m.group(2);
            if (labels.isEmpty() || List.of(found.split(",")).contains(labels)) {
                return Double.parseDouble(m.group(3));
            }
        }
        return -1;
    }
}
