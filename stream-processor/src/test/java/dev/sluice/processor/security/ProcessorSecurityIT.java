package dev.sluice.processor.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.embedded.FreePorts;
import dev.sluice.processor.app.ProcessorApplication;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The processor's security promises on the real application (real broker, in-process model, Lucene): every
 * {@code /api/**} endpoint answers 401 without the token, the secret never reaches a log line, and a document's
 * content never appears in INFO-or-above logs while it is indexed (only ids, URLs, counts and timings do).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessorSecurityIT {
    private static final Topics TOPICS = Topics.defaults();
    private static final String SECRET = "processor-secret-never-logged-5e1d2c3b4a";
    /** Text only the test document holds: if it shows up in a log line, content was logged. */
    private static final String MARKER = "qvxmarker" + UUID.randomUUID().toString().replace("-", "");

    @TempDir
    static Path dir;

    private final LogCapture logs = new LogCapture();
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafka kafka;
    private ConfigurableApplicationContext app;
    private int port;

    private final class AttachAfterLoggingSetup implements ApplicationListener<ApplicationEnvironmentPreparedEvent>,
            Ordered {
        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            logs.attach();
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    @BeforeAll
    void start() throws Exception {
        kafka = EmbeddedKafka.onFreePorts(dir.resolve("kafka")).start();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPICS.documents().name(), 2, (short) 1),
                    new NewTopic(TOPICS.outcomes().name(), 1, (short) 1),
                    new NewTopic(TOPICS.deadLetters().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        port = FreePorts.take();
        app = new SpringApplicationBuilder(ProcessorApplication.class).listeners(new AttachAfterLoggingSetup()).run(
                "--server.port=" + port,
                "--sluice.api-secret=" + SECRET,
                "--sluice.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--sluice.kafka.state-dir=" + dir.resolve("state"),
                "--sluice.kafka.application-id=processor-security-it",
                "--sluice.kafka.streams[replication.factor]=1",
                "--logging.level.dev.sluice=DEBUG");
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
        if (kafka != null) kafka.close();
        logs.detach();
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        request.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.noBody());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswer401WithoutTheTokenOnEveryApiEndpointAndKeepHealthOpen() throws Exception {
        List<String[]> endpoints = new ArrayList<>();
        app.getBeansOfType(RequestMappingHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    for (String pattern : info.getPatternValues()) {
                        if (!pattern.startsWith("/api/")) continue;
                        for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                            endpoints.add(new String[] {m.name(), pattern.replaceAll("\\{[^}]+}", "x")});
                        }
                    }
                }));
        assertThat(endpoints).extracting(e -> e[0] + " " + e[1])
                .contains("GET /api/search", "GET /api/stats", "POST /api/internal/candidates");

        for (String[] e : endpoints) {
            for (String token : new String[] {null, "wrong-" + SECRET}) {
                HttpResponse<String> answer = send(e[0], e[1], token);
                assertThat(answer.statusCode()).as("%s %s with token %s", e[0], e[1], token).isEqualTo(401);
                assertThat(answer.body()).contains("\"error\"").contains("\"message\"");
            }
        }
        assertThat(send("GET", "/api/stats", SECRET).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldIndexADocumentWithoutItsContentInInfoLogsAndNeverLogTheSecret() throws Exception {
        DocumentEvent doc = DocumentEvent.builder("https://secure.example.com/marked")
                .title("Page about " + MARKER)
                .description("Describes " + MARKER)
                .markdown("# Heading " + MARKER + "\n\nThe body says " + MARKER + " twice: " + MARKER + ".")
                .build();
        KafkaCluster cluster = kafka::bootstrapServers;
        cluster.produce(TOPICS.documents().name(), new StringSerializer(), TOPICS.documents().valueSerde()
                .serializer(), Map.of(doc.documentId(), doc));

        List<ConsumerRecord<String, IndexOutcome>> outcomes = cluster.consumeUntil(TOPICS.outcomes().name(),
                new StringDeserializer(), TOPICS.outcomes().valueSerde().deserializer(),
                seen -> seen.stream().anyMatch(r -> r.key().equals(doc.documentId())), Duration.ofSeconds(120),
                "the outcome of the marked document");
        assertThat(outcomes).filteredOn(r -> r.key().equals(doc.documentId()))
                .extracting(r -> r.value().status()).containsOnly(OutcomeStatus.INDEXED);
        HttpResponse<String> found = send("GET", "/api/search?mode=bm25&q=" + MARKER, SECRET);
        assertThat(found.body()).contains(doc.documentId());

        assertThat(logs.atLeast(Level.INFO)).as("INFO+ log lines").isNotEmpty()
                .noneMatch(line -> line.contains(MARKER));
        assertThat(logs.all()).noneMatch(line -> line.contains(SECRET));
    }
}
