package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.search.FakeProcessor;
import dev.sluice.schemas.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/search} on a real port, proxied to two real HTTP servers standing in for stream processors: the
 * answer passes through unchanged, a failing processor is skipped, and when none answers the client gets a JSON 503
 * with {@code Retry-After} within the timeout per processor.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sluice.gateway.webhook-secret=" + GatewayHttpTest.WEBHOOK_SECRET,
        "sluice.gateway.api-secret=" + GatewayHttpTest.API_SECRET,
        "sluice.gateway.bootstrap-servers=127.0.0.1:1",
        "sluice.gateway.search-timeout=" + SearchProxyIT.TIMEOUT_MS + "ms"})
class SearchProxyIT {
    static final long TIMEOUT_MS = 1000;
    private static final FakeProcessor FIRST = new FakeProcessor();
    private static final FakeProcessor SECOND = new FakeProcessor();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void processors(DynamicPropertyRegistry registry) {
        registry.add("sluice.gateway.processor-urls", () -> FIRST.url() + "," + SECOND.url());
    }

    @AfterEach
    void closeClient() {
        http.close();
    }

    @AfterAll
    static void stopProcessors() {
        FIRST.close();
        SECOND.close();
    }

    private HttpResponse<String> get(String pathAndQuery, boolean withToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (withToken) {
            request.header("Authorization", "Bearer " + GatewayHttpTest.API_SECRET);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> search(String q) throws Exception {
        return get("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), true);
    }

    private static void bothAnswer(int status, String body) {
        FIRST.answers(status, "application/json", body);
        SECOND.answers(status, "application/json", body);
    }

    @Test
    void shouldPassTheProcessorsAnswerThroughUnchanged() throws Exception {
        String answer = """
                {"hits": [{"documentId": "d-1", "url": "https://docs.example.com/a", "title": "Über Kafka",
                           "headingPath": "", "snippet": "…streams…", "score": 0.0325, "bm25Rank": 1,
                           "chunkIndex": 0}],
                 "partial": false, "instancesAsked": 2, "failures": []}""";
        bothAnswer(200, answer);
        int firstAsked = FIRST.requestCount();

        HttpResponse<String> response = get("/api/search?q=kafka+streams&mode=bm25&limit=3&domain=docs.example.com"
                + "&language=en&chunks=true", true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(answer);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        // Either processor may have been asked, depending on which one answered last.
        FakeProcessor.Request asked = FIRST.requestCount() > firstAsked ? FIRST.requests().getLast()
                : SECOND.requests().getLast();
        assertThat(asked.parameters()).containsEntry("q", "kafka streams").containsEntry("mode", "bm25")
                .containsEntry("limit", "3").containsEntry("domain", "docs.example.com")
                .containsEntry("language", "en").containsEntry("chunks", "true");
    }

    @Test
    void shouldPassAProcessorsRefusalThroughAsItIs() throws Exception {
        String refusal = "{\"error\":\"invalid_request\",\"message\":\"query is too long\"}";
        bothAnswer(400, refusal);

        HttpResponse<String> response = search("kafka");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(refusal);
    }

    @Test
    void shouldFailOverToTheSecondProcessor() throws Exception {
        // The proxy starts with the processor that answered last: make that the first one.
        FIRST.answers(200, "application/json", "{\"from\":\"first\"}");
        SECOND.answers(500, "application/json", "{}");
        assertThat(search("kafka").body()).isEqualTo("{\"from\":\"first\"}");

        FIRST.answers(503, "application/json", "{\"error\":\"not ready\"}");
        SECOND.answers(200, "application/json", "{\"from\":\"second\"}");
        int firstAsked = FIRST.requestCount();
        HttpResponse<String> response = search("kafka");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"from\":\"second\"}");
        assertThat(FIRST.requestCount()).isEqualTo(firstAsked + 1);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenNoProcessorAnswersInTime() throws Exception {
        FIRST.hangs();
        SECOND.hangs();

        long start = System.nanoTime();
        HttpResponse<String> response = search("kafka");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = Json.mapper().readTree(response.body());
        assertThat(error.path("error").asString()).isEqualTo("search_unavailable");
        assertThat(error.path("message").asString()).contains("2 tried").doesNotContain("127.0.0.1");
        // Two processors, each given the timeout, and some slack for a loaded machine.
        assertThat(took).isLessThan(Duration.ofMillis(2 * TIMEOUT_MS + 1500));

        String metrics = get("/actuator/prometheus", false).body();
        assertThat(metrics).containsPattern("sluice_gateway_search_seconds_count\\{[^}]*outcome=\"unavailable\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern(
                "sluice_gateway_search_attempt_failures_total\\{[^}]*reason=\"timeout\"[^}]*} [1-9]");
    }
}
