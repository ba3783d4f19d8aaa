package dev.sluice.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.GatewayApplication;
import dev.sluice.gateway.firecrawl.SignatureVerifier;
import dev.sluice.testkit.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The gateway's security promises, on the real application over HTTP: every {@code /api/**} endpoint Spring knows of
 * answers 401 without credentials (health and the OpenAPI description stay public), and neither secret appears in
 * any log line — from start-up (with Sluice at TRACE and Spring Boot at DEBUG) to refused requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewaySecurityIT {
    private static final String API_SECRET = "api-secret-never-logged-7f3a9c1e5b2d4680aa";
    private static final String WEBHOOK_SECRET = "webhook-secret-never-logged-0c9e8d7f6a5b";
    /** A wrong token one character away from the secret: a typo must not be logged either. */
    private static final String NEAR_MISS = API_SECRET.substring(0, API_SECRET.length() - 1) + "b";

    private final LogCapture logs = new LogCapture();
    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext app;
    private int port;

    /** Spring Boot sets logging up anew while starting: attach right after it did. */
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
    void start() {
        app = new SpringApplicationBuilder(GatewayApplication.class).listeners(new AttachAfterLoggingSetup()).run(
                "--server.port=0",
                "--sluice.gateway.api-secret=" + API_SECRET,
                "--sluice.gateway.webhook-secret=" + WEBHOOK_SECRET,
                "--sluice.gateway.bootstrap-servers=127.0.0.1:1",
                "--sluice.gateway.kafka-timeout=1s",
                "--logging.level.dev.sluice=TRACE",
                "--logging.level.org.springframework.boot=DEBUG",
                "--logging.level.org.springframework.web=DEBUG",
                "--logging.level.org.apache.kafka=INFO");
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
        logs.detach();
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) request.headers(headers);
        boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        request.method(method, hasBody ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.noBody());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every (method, path) of {@code /api/**} that Spring's handler mappings know, path variables filled in. */
    private List<String[]> apiEndpoints() {
        List<String[]> endpoints = new ArrayList<>();
        app.getBeansOfType(RequestMappingHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach((RequestMappingInfo info) -> {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    for (String pattern : info.getPatternValues()) {
                        if (!pattern.startsWith("/api/")) continue;
                        String path = pattern.replaceAll("\\{[^}]+}", "x");
                        for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                            endpoints.add(new String[] {m.name(), path});
                        }
                    }
                }));
        return endpoints;
    }

    @Nested
    class Authentication {
        @Test
        void shouldAnswer401WithoutCredentialsOnEveryApiEndpoint() throws Exception {
            List<String[]> endpoints = apiEndpoints();
            assertThat(endpoints).extracting(e -> e[0] + " " + e[1]).contains("POST /api/documents",
                    "DELETE /api/documents/x", "POST /api/webhook/firecrawl", "GET /api/search",
                    "GET /api/metrics/operations");

            for (String[] e : endpoints) {
                HttpResponse<String> answer = send(e[0], e[1], "Content-Type", "application/json");
                assertThat(answer.statusCode()).as("%s %s: %s", e[0], e[1], answer.body()).isEqualTo(401);
                assertThat(answer.body()).as("%s %s", e[0], e[1])
                        .containsAnyOf("\"missing_token\"", "\"missing_signature\"");
            }
        }

        @Test
        void shouldKeepHealthAndTheApiDescriptionPublic() throws Exception {
            // No broker here: health says DOWN (503), but it answers, without credentials.
            HttpResponse<String> health = send("GET", "/actuator/health");
            assertThat(health.statusCode()).isIn(200, 503);
            assertThat(health.body()).contains("\"status\"");
            assertThat(send("GET", "/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(send("GET", "/v3/api-docs").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class Secrets {
        @Test
        void shouldNeverLogEitherSecretNorAPresentedCredential() throws Exception {
            byte[] body = "{\"type\":\"crawl.page\",\"id\":\"j\",\"data\":[]}".getBytes();
            assertThat(send("POST", "/api/documents", "Content-Type", "application/json", "Authorization",
                    "Bearer " + NEAR_MISS).statusCode()).isEqualTo(401);
            assertThat(send("GET", "/api/search?q=x", "Authorization", "Bearer " + API_SECRET.substring(0, 20))
                    .statusCode()).isEqualTo(401);
            assertThat(send("POST", "/api/webhook/firecrawl", "Content-Type", "application/json",
                    SignatureVerifier.HEADER, new SignatureVerifier(NEAR_MISS).header(body)).statusCode())
                    .isEqualTo(401);
            // Accepted credentials, then a failure further on (no broker): logged, but without the token.
            assertThat(send("POST", "/api/documents", "Content-Type", "application/json", "Authorization",
                    "Bearer " + API_SECRET).statusCode()).isEqualTo(422);
            assertThat(send("DELETE", "/api/documents/some-id", "Authorization", "Bearer " + API_SECRET)
                    .statusCode()).isEqualTo(503);

            List<String> lines = logs.all();
            assertThat(lines).as("log lines captured").hasSizeGreaterThan(20);
            assertThat(lines).noneMatch(l -> l.contains(API_SECRET)).noneMatch(l -> l.contains(WEBHOOK_SECRET))
                    .noneMatch(l -> l.contains(NEAR_MISS)).noneMatch(l -> l.contains(API_SECRET.substring(0, 20)));
        }
    }
}
