package dev.sluice.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.embedded.FreePorts;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Topics;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The processor application end to end on a real broker with the real engine (in-process MiniLM, Lucene):
 * 1,000 documents over 12 partitions get exactly 1,000 outcomes, all INDEXED, and each is found by search.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessorApplicationIT {
    private static final Topics TOPICS = Topics.defaults();
    private static final int DOCUMENTS = 1000;

    @TempDir
    static Path dir;

    private EmbeddedKafka kafka;
    private ConfigurableApplicationContext app;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        kafka = EmbeddedKafka.onFreePorts(dir.resolve("kafka")).start();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPICS.documents().name(), 12, (short) 1),
                    new NewTopic(TOPICS.outcomes().name(), 3, (short) 1),
                    new NewTopic(TOPICS.deadLetters().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        port = FreePorts.take();
        app = new SpringApplicationBuilder(ProcessorApplication.class).run(
                "--server.port=" + port,
                "--sluice.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--sluice.kafka.state-dir=" + dir.resolve("state"),
                "--sluice.kafka.application-id=processor-it",
                "--sluice.kafka.streams[replication.factor]=1");
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void shouldIndexAThousandDocumentsOnceEachAndFindEveryOne() throws Exception {
        Map<String, DocumentEvent> docs = new LinkedHashMap<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            DocumentEvent d = DocumentEvent.builder("https://docs.example.com/guide/" + i)
                    .title("Guide page " + i)
                    .markdown("# Guide " + i + "\n\nThis page explains topic zq" + i + "x in detail.\n\n"
                            + "## Details\n\nMore about the zq" + i + "x setting and how to use it.")
                    .language("en").build();
            docs.put(d.documentId(), d);
        }
        KafkaCluster cluster = kafka::bootstrapServers;
        cluster.produce(TOPICS.documents().name(), new StringSerializer(), TOPICS.documents().valueSerde().serializer(),
                docs);

        // Anything doubled would be committed within the settling read (outcomes are committed as they are forwarded).
        List<ConsumerRecord<String, IndexOutcome>> outcomes = cluster.consumeDistinctKeys(TOPICS.outcomes().name(),
                new StringDeserializer(), TOPICS.outcomes().valueSerde().deserializer(), docs.size(),
                Duration.ofMinutes(4), Duration.ofSeconds(2));

        assertThat(outcomes).hasSize(docs.size());
        assertThat(outcomes.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(docs.keySet());
        assertThat(outcomes).extracting(r -> r.value().status()).containsOnly(OutcomeStatus.INDEXED);

        int i = 0;
        for (String id : docs.keySet()) {
            JsonNode hits = search("zq" + i + "x", i % 10 == 0 ? "hybrid" : "bm25").get("hits");
            assertThat(hits.isEmpty()).as("hits for document %d", i).isFalse();
            assertThat(hits.get(0).get("documentId").asString()).as("top hit for document %d", i).isEqualTo(id);
            i++;
        }
    }

    private JsonNode search(String query, String mode) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/search?mode=" + mode + "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
