package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.sluice.metrics.CrawlFact;
import dev.sluice.metrics.CrawlTracker;
import dev.sluice.metrics.MetricsDatabase;
import dev.sluice.metrics.MetricsStoreConfig;
import dev.sluice.metrics.OperationMetric;
import dev.sluice.metrics.OperationMetricsWriter;
import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.CrawlEventKind;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.StageTimings;
import dev.sluice.testkit.MonitoringContract;
import dev.sluice.testkit.RestartablePostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The metrics API against a real PostgreSQL holding rows as the processors write them: the dashboards' request
 * (monitoring contract, item 3), the JSON shape and figures, filters, the crawl API, and a 503 while PostgreSQL is
 * away.
 */
@SpringBootTest(properties = {
        "sluice.gateway.webhook-secret=" + GatewayHttpTest.WEBHOOK_SECRET,
        "sluice.gateway.api-secret=" + GatewayHttpTest.API_SECRET,
        "sluice.gateway.bootstrap-servers=127.0.0.1:1"})
@AutoConfigureMockMvc
class MetricsApiIT {
    private static final RestartablePostgres pg = startPostgres();
    private static final List<Double> BATCH_DURATIONS = new ArrayList<>();
    private static final String JOB = "crawl-77";

    @Autowired
    MockMvc mvc;

    private static RestartablePostgres startPostgres() {
        try {
            return RestartablePostgres.start(Files.createTempDirectory("metrics-api-it"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("sluice.jdbc-url", pg::jdbcUrl);
        registry.add("sluice.jdbc-user", pg::user);
        registry.add("sluice.jdbc-password", pg::password);
    }

    @BeforeAll
    static void fill() throws Exception {
        MetricsStoreConfig config = MetricsStoreConfig.of(pg.jdbcUrl(), pg.user(), pg.password());
        Instant now = Instant.now();
        try (MetricsDatabase database = MetricsDatabase.open(config, "fill");
                OperationMetricsWriter writer = OperationMetricsWriter.start(database, config)) {
            for (int i = 0; i < 25; i++) {
                double d = 1000 + 37.5 * i;
                BATCH_DURATIONS.add(d);
                writer.offer(new OperationMetric(now.minusSeconds(i), "batch_processing", "batch", d, true, null,
                        null, null, null, Map.of("documents", 4), "p0-o" + (4 * i), 0, 1));
                for (int k = 0; k < 4; k++) {
                    boolean ok = !(i % 5 == 0 && k == 0);
                    writer.offer(new OperationMetric(now.minusSeconds(i), "document_indexing",
                            ok ? "indexed" : "failed", 100 + k, ok, ok ? null : "EMPTY_CONTENT: no text left",
                            "https://docs.example.com/" + i + "/" + k, JOB, JOB,
                            Map.of("document_id", "d" + i + k, "chunk_count", 3), "p0-o" + (4 * i), 0, ok ? 1 : 2));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.written() == 125);
            new CrawlTracker(database).apply(List.of(
                    CrawlFact.of(new CrawlEvent(1, JOB, CrawlEventKind.STARTED, "crawl.started", null,
                            "https://docs.example.com", null, null, now.minusSeconds(60))),
                    new CrawlFact.PageReceived(JOB, "a", "https://docs.example.com/a", now.minusSeconds(50)),
                    new CrawlFact.PageReceived(JOB, "b", "https://docs.example.com/b", now.minusSeconds(50)),
                    CrawlFact.of(new IndexOutcome(1, "a", "https://docs.example.com/a", OutcomeStatus.INDEXED, 2, "h",
                            "p0-o1", 1, new StageTimings(1, 2, 30, 4, 5, 42), null, JOB, now.minusSeconds(40)))));
        }
    }

    @AfterAll
    static void stopDatabase() {
        pg.close();
    }

    private JsonNode getJson(String path, int expectedStatus) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path)
                .header("Authorization", "Bearer " + GatewayHttpTest.API_SECRET)).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expectedStatus);
        return Json.mapper().readTree(response.getContentAsByteArray());
    }

    @Nested
    class Operations {
        @Test
        void shouldAnswerTheDashboardsRequestAsTheContractSays() throws Exception {
            JsonNode body = getJson("/api/metrics/operations?operation_type=batch_processing", 200);

            JsonNode batches = body.at("/operations_by_type/batch_processing");
            assertThat(batches.path("avg_duration_ms").isNumber()).isTrue();
            JsonNode documents = body.at("/operations_by_type/document_indexing");
            assertThat(documents.has("total")).isTrue();
            assertThat(documents.has("success_count")).isTrue();
            assertThat(documents.has("failure_count")).isTrue();
        }

        @Test
        void shouldGiveTheFiguresOfTheStoredRows() throws Exception {
            JsonNode body = getJson("/api/metrics/operations?operation_type=batch_processing&limit=10", 200);

            assertThat(body.path("total").asLong()).isEqualTo(25);
            assertThat(body.path("metrics").size()).isEqualTo(10);
            assertThat(body.path("metrics").valueStream().map(m -> m.path("operation_type").asString()))
                    .containsOnly("batch_processing");
            JsonNode batches = body.at("/operations_by_type/batch_processing");
            assertThat(batches.path("total").asLong()).isEqualTo(25);
            assertThat(batches.path("success_rate").asDouble()).isEqualTo(1.0);
            assertThat(batches.path("avg_duration_ms").asDouble()).isCloseTo(MonitoringContract.average(BATCH_DURATIONS), within(1e-9));
            assertThat(batches.path("p50_ms").asDouble()).isCloseTo(MonitoringContract.percentileCont(BATCH_DURATIONS, 0.50),
                    within(1e-9));
            assertThat(batches.path("p95_ms").asDouble()).isCloseTo(MonitoringContract.percentileCont(BATCH_DURATIONS, 0.95),
                    within(1e-9));
            assertThat(batches.path("p99_ms").asDouble()).isCloseTo(MonitoringContract.percentileCont(BATCH_DURATIONS, 0.99),
                    within(1e-9));
            JsonNode documents = body.at("/operations_by_type/document_indexing");
            assertThat(documents.path("total").asLong()).isEqualTo(100);
            assertThat(documents.path("success_count").asLong()).isEqualTo(95);
            assertThat(documents.path("failure_count").asLong()).isEqualTo(5);
            assertThat(documents.path("success_rate").asDouble()).isCloseTo(0.95, within(1e-9));
        }

        @Test
        void shouldListRowsInTheOldWorkersShape() throws Exception {
            JsonNode failed = getJson("/api/metrics/operations?operation_type=document_indexing&success=false"
                    + "&limit=2&offset=1", 200);

            assertThat(failed.path("total").asLong()).isEqualTo(5);
            assertThat(failed.path("limit").asInt()).isEqualTo(2);
            assertThat(failed.path("offset").asInt()).isEqualTo(1);
            assertThat(failed.path("hours").asInt()).isEqualTo(24);
            JsonNode row = failed.path("metrics").get(0);
            assertThat(row.propertyNames()).contains("id", "timestamp", "operation_type", "operation_name",
                    "duration_ms", "success", "error_message", "document_url", "job_id", "crawl_id", "batch_id",
                    "kafka_partition", "attempt", "extra_metadata");
            assertThat(row.path("success").asBoolean()).isFalse();
            assertThat(row.path("error_message").asString()).isEqualTo("EMPTY_CONTENT: no text left");
            assertThat(row.path("attempt").asInt()).isEqualTo(2);
            assertThat(row.path("crawl_id").asString()).isEqualTo(JOB);
            assertThat(row.at("/extra_metadata/chunk_count").asInt()).isEqualTo(3);
            assertThat(Instant.parse(row.path("timestamp").asString())).isBefore(Instant.now());

            JsonNode one = getJson("/api/metrics/operations?document_url=https://docs.example.com/3/1", 200);
            assertThat(one.path("total").asLong()).isEqualTo(1);
            assertThat(one.at("/metrics/0/operation_name").asString()).isEqualTo("indexed");
        }

        @Test
        void shouldSummariseTheLastHours() throws Exception {
            JsonNode summary = getJson("/api/metrics/summary?hours=1", 200);

            assertThat(summary.path("hours").asInt()).isEqualTo(1);
            assertThat(summary.path("total_operations").asLong()).isEqualTo(125);
            assertThat(summary.at("/operations_by_type/document_indexing/failure_count").asLong()).isEqualTo(5);
            assertThat(summary.at("/operations_by_type/batch_processing/p99_ms").isNumber()).isTrue();
        }
    }

    @Nested
    class Crawls {
        @Test
        void shouldShowACrawlsCountsAndTimes() throws Exception {
            JsonNode crawl = getJson("/api/crawls/" + JOB, 200);

            assertThat(crawl.path("job_id").asString()).isEqualTo(JOB);
            assertThat(crawl.path("status").asString()).isEqualTo("running");
            assertThat(crawl.path("settled").asBoolean()).isFalse();
            assertThat(crawl.path("base_url").asString()).isEqualTo("https://docs.example.com");
            assertThat(crawl.at("/pages/received").asInt()).isEqualTo(2);
            assertThat(crawl.at("/pages/indexed").asInt()).isEqualTo(1);
            assertThat(crawl.at("/pages/pending").asInt()).isEqualTo(1);
            assertThat(crawl.at("/stage_ms/embedding").asLong()).isEqualTo(30);
            assertThat(crawl.at("/stage_ms/vector_upsert").asLong()).isEqualTo(4);
            assertThat(crawl.path("end_to_end_ms").isNull()).isTrue();
        }

        @Test
        void shouldAnswer404ForAnUnknownJob() throws Exception {
            JsonNode error = getJson("/api/crawls/no-such-job", 404);

            assertThat(error.path("error").asString()).isEqualTo("not_found");
            assertThat(error.path("message").asString()).isNotBlank();
        }
    }

    @Test
    void shouldAnswer503WithRetryAfterWhilePostgresIsAwayAndRecover() throws Exception {
        pg.stop();
        try {
            MockHttpServletResponse response = mvc.perform(get("/api/metrics/summary")
                    .header("Authorization", "Bearer " + GatewayHttpTest.API_SECRET)).andReturn().getResponse();
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).isEqualTo("10");
            assertThat(Json.mapper().readTree(response.getContentAsByteArray()).path("error").asString())
                    .isEqualTo("metrics_unavailable");
        } finally {
            pg.startAgain();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> getJson("/api/metrics/summary", 200));
    }

}
