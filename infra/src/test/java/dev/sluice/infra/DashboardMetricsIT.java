package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.FreePorts;
import dev.sluice.gateway.GatewayApplication;
import dev.sluice.processor.app.ProcessorApplication;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.FreshDatabase;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.WithKafka;
import dev.sluice.testkit.WithPostgres;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard asks only for meters the applications serve: the real processor (in-process model, Lucene,
 * PostgreSQL metrics) and the real gateway run on a real broker, documents go in through the gateway's API until each
 * has its outcome, then both {@code /actuator/prometheus} pages are scraped and every metric name of every PromQL
 * expression of {@code grafana/dashboards/sluice.json} must be among their samples.
 */
@WithKafka
@WithPostgres
class DashboardMetricsIT {
    private static final Path DASHBOARD = ComposeFile.INFRA.resolve("grafana/dashboards/sluice.json");
    private static final String API_SECRET = "dashboard-it-api-secret-0123456789abcdef";
    private static final int DOCUMENTS = 12;
    /** A metric name in PromQL: ours all start with sluice_ (functions, labels and keywords do not). */
    private static final Pattern METRIC = Pattern.compile("\\bsluice_[a-zA-Z0-9_]+");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path state;

    @Test
    void shouldServeEveryMetricTheDashboardQueries(KafkaCluster kafka, FreshDatabase db) throws Exception {
        Set<String> queried = dashboardMetrics();
        assertThat(queried).as("metrics of the dashboard").hasSizeGreaterThan(10);

        Topics topics = Topics.withNames(Map.of("documents", kafka.uniqueTopic("documents"),
                "outcomes", kafka.uniqueTopic("outcomes"), "dlq", kafka.uniqueTopic("dlq"),
                "crawl-events", kafka.uniqueTopic("crawl-events")));
        kafka.createTopics(3, topics.documents().name(), topics.outcomes().name(), topics.deadLetters().name(),
                topics.crawlEvents().name());
        int processorPort = FreePorts.take();
        int gatewayPort = FreePorts.take();

        try (ConfigurableApplicationContext processor = start(ProcessorApplication.class,
                "--server.port=" + processorPort,
                "--sluice.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--sluice.kafka.application-id=" + kafka.uniqueTopic("dashboard-it"),
                "--sluice.kafka.state-dir=" + state,
                "--sluice.kafka.streams[replication.factor]=1",
                "--sluice.topics.documents=" + topics.documents().name(),
                "--sluice.topics.outcomes=" + topics.outcomes().name(),
                "--sluice.topics.dlq=" + topics.deadLetters().name(),
                "--sluice.topics.crawl-events=" + topics.crawlEvents().name(),
                "--sluice.api-secret=" + API_SECRET,
                "--sluice.jdbc-url=" + db.jdbcUrl(), "--sluice.jdbc-user=" + db.user(),
                "--sluice.jdbc-password=" + db.password());
                ConfigurableApplicationContext gateway = start(GatewayApplication.class,
                        "--server.port=" + gatewayPort,
                        "--sluice.gateway.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--sluice.gateway.webhook-secret=" + API_SECRET + "-webhook",
                        "--sluice.gateway.api-secret=" + API_SECRET,
                        "--sluice.gateway.processor-urls=http://127.0.0.1:" + processorPort,
                        "--sluice.gateway.topics[documents]=" + topics.documents().name(),
                        "--sluice.gateway.topics[outcomes]=" + topics.outcomes().name(),
                        "--sluice.gateway.topics[dlq]=" + topics.deadLetters().name(),
                        "--sluice.gateway.topics[crawl-events]=" + topics.crawlEvents().name())) {
            postDocuments(gatewayPort);
            List<ConsumerRecord<String, IndexOutcome>> outcomes = kafka.consumeDistinctKeys(topics.outcomes().name(),
                    new StringDeserializer(), topics.outcomes().valueSerde().deserializer(), DOCUMENTS,
                    Duration.ofMinutes(3), Duration.ofMillis(500));
            assertThat(outcomes).extracting(r -> r.value().status()).hasSize(DOCUMENTS)
                    .containsOnly(OutcomeStatus.INDEXED);

            // meters are updated after the outcomes are forwarded: wait until the counter shows them all
            await().atMost(Duration.ofSeconds(30)).until(() -> indexedCount(scrape(processorPort)) == DOCUMENTS);
            Set<String> served = new TreeSet<>();
            served.addAll(sampleNames(scrape(processorPort)));
            served.addAll(sampleNames(scrape(gatewayPort)));

            assertThat(queried).as("metrics the dashboard queries, against those served").isSubsetOf(served);
        }
    }

    /** Every metric name in every PromQL expression of the dashboard. */
    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        Set<String> names = new TreeSet<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        assertThat(expressions).as("PromQL expressions of the dashboard").isNotEmpty();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            boolean any = false;
            while (m.find()) {
                names.add(m.group());
                any = true;
            }
            assertThat(any).as("a Sluice metric in '%s'", expr).isTrue();
        }
        return names;
    }

    private void postDocuments(int gatewayPort) throws Exception {
        StringBuilder body = new StringBuilder("{\"documents\": [");
        for (int i = 0; i < DOCUMENTS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"url\": \"https://docs.example.com/dashboard/").append(i)
                    .append("\", \"title\": \"Page ").append(i).append("\", \"markdown\": \"# Page ").append(i)
                    .append("\\n\\nSome words about the dashboard, page ").append(i).append(".\"}");
        }
        body.append("]}");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatewayPort + "/api/documents"))
                .header("Authorization", "Bearer " + API_SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private String scrape(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The names of the samples of a Prometheus text page ({@code name{labels} value} or {@code name value}). */
    private static Set<String> sampleNames(String page) {
        return page.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static long indexedCount(String page) {
        return page.lines().filter(l -> l.startsWith("sluice_documents_total{") && l.contains("outcome=\"indexed\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * Each application with its own application.yml (both jars have one at their root, and classpath:application.yml
     * would give both the first on the class path).
     */
    private static ConfigurableApplicationContext start(Class<?> application, String... args) throws Exception {
        String classFile = application.getName().replace('.', '/') + ".class";
        String classUrl = application.getClassLoader().getResource(classFile).toString();
        URL yaml = URI.create(classUrl.substring(0, classUrl.length() - classFile.length()) + "application.yml").toURL();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--spring.config.location=" + yaml);
        return new SpringApplicationBuilder(application).run(all.toArray(String[]::new));
    }
}
