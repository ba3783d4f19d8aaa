package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.sluice.schemas.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description at {@code /v3/api-docs}: public, complete, and saying what the endpoints really answer. */
@GatewayWithoutBroker
class OpenApiDescriptionTest {
    private static final String ERROR_BODY = "#/components/schemas/ErrorBody";

    /** Operation → the error statuses it must document. */
    private static final Map<String, Set<String>> ERRORS = Map.of(
            "post /api/webhook/firecrawl", Set.of("400", "401", "413", "415", "422", "503"),
            "post /api/documents", Set.of("400", "401", "413", "415", "422", "503"),
            "delete /api/documents", Set.of("400", "401", "422", "503"),
            "delete /api/documents/{id}", Set.of("401", "422", "503"),
            "get /api/search", Set.of("400", "401", "503"),
            "get /api/metrics/operations", Set.of("400", "401", "503"),
            "get /api/metrics/summary", Set.of("400", "401", "503"),
            "get /api/crawls/{jobId}", Set.of("400", "401", "404", "503"));

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private JsonNode docs;

    @BeforeEach
    void fetch() throws Exception {
        byte[] body = mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        docs = Json.mapper().readTree(body);
    }

    private JsonNode operation(String key) {
        String[] methodAndPath = key.split(" ", 2);
        JsonNode op = docs.path("paths").path(methodAndPath[1]).path(methodAndPath[0]);
        assertThat(op.isObject()).as("operation %s is described", key).isTrue();
        return op;
    }

    @Test
    void shouldBeServedWithoutAuthentication() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
        assertThat(docs.path("openapi").asString()).startsWith("3.");
    }

    @Test
    void shouldDescribeEveryApiEndpointTheGatewayServes() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(path -> path.startsWith("/api/"))
                .forEach(path -> info.getMethodsCondition().getMethods()
                        .forEach(m -> served.add(m.name().toLowerCase() + " " + path))));
        Set<String> described = new TreeSet<>();
        docs.path("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> described.add(method + " " + path.getKey())));

        assertThat(described).isEqualTo(served).containsExactlyInAnyOrderElementsOf(ERRORS.keySet());
    }

    @Nested
    class Security {
        @Test
        void shouldDeclareTheBearerAndSignatureSchemes() {
            JsonNode schemes = docs.path("components").path("securitySchemes");
            assertThat(schemes.path("bearerAuth").path("type").asString()).isEqualTo("http");
            assertThat(schemes.path("bearerAuth").path("scheme").asString()).isEqualTo("bearer");
            assertThat(schemes.path("firecrawlSignature").path("type").asString()).isEqualTo("apiKey");
            assertThat(schemes.path("firecrawlSignature").path("in").asString()).isEqualTo("header");
            assertThat(schemes.path("firecrawlSignature").path("name").asString()).isEqualTo("X-Firecrawl-Signature");
        }

        @Test
        void shouldRequireTheSignatureOnTheWebhookAndTheBearerTokenElsewhere() {
            ERRORS.keySet().forEach(key -> {
                String scheme = key.contains("webhook") ? "firecrawlSignature" : "bearerAuth";
                JsonNode security = operation(key).path("security");
                assertThat(security.size()).as("security of %s", key).isEqualTo(1);
                assertThat(security.get(0).propertyNames()).as("security of %s", key).containsExactly(scheme);
            });
        }
    }

    @Nested
    class Responses {
        @Test
        void shouldDescribeEveryErrorResponseWithTheErrorBody() {
            ERRORS.forEach((key, codes) -> {
                JsonNode responses = operation(key).path("responses");
                for (String code : codes) {
                    JsonNode response = responses.path(code);
                    assertThat(response.path("description").asString()).as("%s %s", key, code).isNotBlank();
                    assertThat(response.path("content").path("application/json").path("schema").path("$ref")
                            .asString()).as("%s %s", key, code).isEqualTo(ERROR_BODY);
                }
            });
            JsonNode errorBody = docs.path("components").path("schemas").path("ErrorBody");
            assertThat(errorBody.path("properties").propertyNames()).containsExactlyInAnyOrder("error", "message",
                    "field");
            assertThat(errorBody.path("required").valueStream().map(JsonNode::asString))
                    .containsExactlyInAnyOrder("error", "message");
        }

        @Test
        void shouldAnnounceRetryAfterWithEvery503() {
            ERRORS.keySet().forEach(key -> assertThat(operation(key).path("responses").path("503").path("headers")
                    .has("Retry-After")).as(key).isTrue());
        }

        @Test
        void shouldDescribeWhatSucceeds() {
            for (String key : List.of("post /api/webhook/firecrawl", "post /api/documents", "delete /api/documents",
                    "delete /api/documents/{id}")) {
                assertThat(operation(key).at("/responses/202/content/application~1json/schema/$ref").asString())
                        .as(key).isEqualTo("#/components/schemas/Accepted");
            }
            assertThat(operation("get /api/search").at("/responses/200/content/application~1json/schema/$ref")
                    .asString()).isEqualTo("#/components/schemas/SearchResponse");
            assertThat(docs.at("/components/schemas/SearchHit/properties").propertyNames())
                    .contains("documentId", "url", "title", "snippet", "score", "bm25Rank", "vectorRank");
            assertThat(operation("get /api/metrics/operations")
                    .at("/responses/200/content/application~1json/schema/$ref").asString())
                    .isEqualTo("#/components/schemas/OperationsResponse");
            assertThat(docs.at("/components/schemas/OperationsResponse/properties").propertyNames())
                    .contains("metrics", "total", "operations_by_type");
            assertThat(docs.at("/components/schemas/TypeFigures/properties").propertyNames())
                    .contains("total", "success_count", "failure_count", "success_rate", "avg_duration_ms", "p50_ms",
                            "p95_ms", "p99_ms");
            assertThat(operation("get /api/crawls/{jobId}")
                    .at("/responses/200/content/application~1json/schema/$ref").asString())
                    .isEqualTo("#/components/schemas/Crawl");
        }

        @Test
        void shouldDescribeTheMetricsFilters() {
            Map<String, JsonNode> parameters = new java.util.LinkedHashMap<>();
            operation("get /api/metrics/operations").path("parameters")
                    .forEach(p -> parameters.put(p.path("name").asString(), p));
            assertThat(parameters).containsOnlyKeys("operation_type", "operation_name", "document_url", "success",
                    "hours", "limit", "offset");
            assertThat(parameters.get("limit").at("/schema/maximum").asInt()).isEqualTo(1000);
            assertThat(parameters.get("success").at("/schema/type").asString()).isEqualTo("boolean");
        }
    }

    @Nested
    class Requests {
        @Test
        void shouldDescribeTheBodiesThatAreReadByHand() {
            assertThat(operation("post /api/webhook/firecrawl")
                    .at("/requestBody/content/application~1json/schema/$ref").asString())
                    .isEqualTo("#/components/schemas/FirecrawlDelivery");
            assertThat(operation("post /api/documents")
                    .at("/requestBody/content/application~1json/schema/oneOf").valueStream()
                    .map(ref -> ref.path("$ref").asString()))
                    .containsExactly("#/components/schemas/Document", "#/components/schemas/DocumentBatch");
            assertThat(docs.at("/components/schemas/Document/required").valueStream().map(JsonNode::asString))
                    .containsExactly("url");
        }

        @Test
        void shouldHideTheSignatureHeaderBehindItsSecurityScheme() {
            assertThat(operation("post /api/webhook/firecrawl").path("parameters").isMissingNode()).isTrue();
        }

        @Test
        void shouldDescribeTheSearchParametersWithTheirRules() {
            Map<String, JsonNode> parameters = new java.util.LinkedHashMap<>();
            operation("get /api/search").path("parameters")
                    .forEach(p -> parameters.put(p.path("name").asString(), p));

            assertThat(parameters).containsOnlyKeys("q", "mode", "limit", "domain", "url_prefix", "language",
                    "chunks");
            assertThat(parameters.get("q").path("required").asBoolean()).isTrue();
            assertThat(parameters.get("mode").at("/schema/enum").valueStream().map(JsonNode::asString))
                    .containsExactly("hybrid", "bm25", "vector");
            assertThat(parameters.get("limit").at("/schema/minimum").asInt()).isEqualTo(1);
            assertThat(parameters.get("limit").at("/schema/maximum").asInt()).isEqualTo(100);
            assertThat(parameters.get("chunks").at("/schema/type").asString()).isEqualTo("boolean");
        }
    }
}
