package dev.sluice.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.embedded.FreePorts;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * More than a thousand hostile requests, generated from a fixed seed, sent over real HTTP to the gateway writing to a
 * real broker. Every one gets the status and the JSON error it must get — never a 5xx — the gateway stays healthy, and
 * exactly the documents of the accepted requests reach the topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sluice.gateway.webhook-secret=" + HostileInputIT.WEBHOOK_SECRET,
        "sluice.gateway.api-secret=" + HostileInputIT.API_SECRET,
        "sluice.gateway.kafka-timeout=30s"})
class HostileInputIT {
    static final String WEBHOOK_SECRET = "hostile-webhook-secret-0123456789abcdef";
    static final String API_SECRET = "hostile-api-secret-0123456789abcdef-0123";
    static final long SEED = 20_261_129L;
    /** The documents topic takes records up to 4 MB (after compression). */
    static final int TOPIC_MAX_MESSAGE_BYTES = 4 << 20;
    private static final Logger log = LoggerFactory.getLogger(HostileInputIT.class);
    private static final Topics TOPICS = Topics.defaults();
    private static EmbeddedKafka kafka;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("hostile-input-it");
        kafka = EmbeddedKafka.onFreePorts(dir).start();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(
                    new NewTopic(TOPICS.documents().name(), 3, (short) 1).configs(Map.of("max.message.bytes",
                            Integer.toString(TOPIC_MAX_MESSAGE_BYTES))),
                    new NewTopic(TOPICS.crawlEvents().name(), 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        registry.add("sluice.gateway.bootstrap-servers", kafka::bootstrapServers);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void shouldAnswerEveryHostileRequestPreciselyWithoutA5xxAndStoreExactlyTheAcceptedDocuments() throws Exception {
        List<HostileRequest> requests = HostileRequests.generate(SEED, WEBHOOK_SECRET, API_SECRET, 10L << 20, 1000);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(1000);
        RawHttp http = new RawHttp(port);
        SoftAssertions soft = new SoftAssertions();
        Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
        Set<String> acceptedIds = new HashSet<>();
        int acceptedDocuments = 0;

        for (HostileRequest request : requests) {
            RawHttp.Response response = http.send(request);
            statuses.computeIfAbsent(request.category(), c -> new TreeMap<>()).merge(response.status(), 1,
                    Integer::sum);
            soft.assertThat(response.status()).as("%s answered %s", request, response.text()).isLessThan(500);
            soft.assertThat(request.statuses()).as("status of %s: %s", request, response.text())
                    .contains(response.status());
            soft.assertThat(response.headers().get("content-type")).as("content type of %s", request)
                    .startsWith("application/json");
            JsonNode body = json(response);
            if (body == null) {
                soft.fail("%s: the answer is not JSON: %s", request, abbreviate(response.text()));
                continue;
            }
            if (response.status() == 202) {
                List<String> ids = new ArrayList<>();
                body.get("documentIds").forEach(id -> ids.add(id.asString()));
                int stored = body.path("duplicate").asBoolean(false) ? 0 : ids.size();
                soft.assertThat(stored).as("documents stored by %s", request).isEqualTo(request.storedDocuments());
                if (stored > 0) {
                    acceptedIds.addAll(ids);
                    acceptedDocuments += stored;
                }
            } else {
                checkError(soft, request, response, body);
            }
        }
        log.info("Hostile requests: {} in total; statuses by category: {}", requests.size(), statuses);
        soft.assertAll();

        assertThat(acceptedIds).hasSize(acceptedDocuments);
        assertThat(health()).isEqualTo(200);
        KafkaCluster cluster = kafka::bootstrapServers;
        List<ConsumerRecord<String, byte[]>> stored = cluster.consumeUntil(TOPICS.documents().name(),
                new StringDeserializer(), new ByteArrayDeserializer(), seen -> seen.size() >= acceptedIds.size(),
                Duration.ofSeconds(60), acceptedIds.size() + " documents");
        assertThat(stored).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(acceptedIds);
    }

    private static void checkError(SoftAssertions soft, HostileRequest request, RawHttp.Response response,
            JsonNode body) {
        String error = body.path("error").asString("");
        String message = body.path("message").asString("");
        soft.assertThat(error).as("error of %s", request).isNotBlank();
        soft.assertThat(message).as("message of %s", request).isNotBlank().hasSizeLessThan(400);
        if (request.error() != null) {
            soft.assertThat(error).as("error of %s (%s)", request, message).isEqualTo(request.error());
        }
        JsonNode field = body.get("field");
        if (request.field() != null) {
            soft.assertThat(field == null ? null : field.asString()).as("field of %s (%s)", request, message)
                    .isEqualTo(request.field());
        } else if (request.statuses().contains(422)) {
            soft.assertThat(field).as("field of %s", request).isNotNull();
        }
    }

    private static JsonNode json(RawHttp.Response response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private int health() throws Exception {
        return new RawHttp(port).send(new HostileRequest("health", "health", "GET", "/actuator/health", Map.of(),
                null, false, Set.of(200), null, null, 0)).status();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
