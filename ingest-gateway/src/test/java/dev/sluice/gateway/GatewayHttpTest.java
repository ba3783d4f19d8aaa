package dev.sluice.gateway;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.sluice.gateway.firecrawl.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every refusal of the HTTP layer, with its status and JSON body. None of these requests reaches Kafka (the broker
 * address is unreachable on purpose) or a processor: input is judged before anything is stored or forwarded.
 */
@GatewayWithoutBroker
class GatewayHttpTest {
    static final String WEBHOOK_SECRET = "webhook-secret-webhook-secret-0123456789";
    static final String API_SECRET = "api-secret-api-secret-api-secret-0123456789";
    private static final SignatureVerifier SIGNER = new SignatureVerifier(WEBHOOK_SECRET);

    @Autowired
    MockMvc mvc;

    private static MockHttpServletRequestBuilder webhook(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post("/api/webhook/firecrawl").contentType(MediaType.APPLICATION_JSON).content(bytes)
                .header(SignatureVerifier.HEADER, SIGNER.header(bytes));
    }

    private static MockHttpServletRequestBuilder documents(String body) {
        return post("/api/documents").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("Authorization", "Bearer " + API_SECRET);
    }

    @Nested
    class Signatures {
        private static final String BODY = "{\"type\":\"crawl.page\",\"id\":\"j\",\"data\":[]}";

        @Test
        void shouldAnswer401WithoutSignature() throws Exception {
            mvc.perform(post("/api/webhook/firecrawl").contentType(MediaType.APPLICATION_JSON).content(BODY))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.error").value("missing_signature"));
        }

        @Test
        void shouldAnswer400ForAMalformedSignature() throws Exception {
            mvc.perform(post("/api/webhook/firecrawl").contentType(MediaType.APPLICATION_JSON).content(BODY)
                            .header(SignatureVerifier.HEADER, "md5=abc"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("malformed_signature"));
        }

        @Test
        void shouldAnswer401ForAWrongSignature() throws Exception {
            mvc.perform(post("/api/webhook/firecrawl").contentType(MediaType.APPLICATION_JSON).content(BODY)
                            .header(SignatureVerifier.HEADER, "sha256=" + "0".repeat(64)))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.error").value("invalid_signature"));
        }

        @Test
        void shouldAnswer401WhenTheBodyWasAlteredAfterSigning() throws Exception {
            byte[] signed = BODY.getBytes(StandardCharsets.UTF_8);
            mvc.perform(post("/api/webhook/firecrawl").contentType(MediaType.APPLICATION_JSON)
                            .content(BODY.replace("\"j\"", "\"k\""))
                            .header(SignatureVerifier.HEADER, SIGNER.header(signed)))
                    .andExpect(status().isUnauthorized());
        }
    }

    @Nested
    class BadBodies {
        @Test
        void shouldGiveThePositionOfMalformedJson() throws Exception {
            mvc.perform(webhook("{\"type\": \"crawl.page\",\n \"data\": [}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("malformed_json"))
                    .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("line 2, column")));
        }

        @Test
        void shouldNameAMissingField() throws Exception {
            mvc.perform(webhook("{\"id\":\"job-1\",\"data\":[]}"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.field").value("type"));
        }

        @Test
        void shouldNameAFieldOfTheWrongType() throws Exception {
            mvc.perform(webhook("{\"type\":\"crawl.page\",\"id\":\"j\",\"data\":[{\"markdown\":\"# x\","
                            + "\"metadata\":{\"sourceURL\":\"https://e.com/\",\"statusCode\":\"200\"}}]}"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.field").value("data[0].metadata.statusCode"))
                    .andExpect(jsonPath("$.message").value("data[0].metadata.statusCode must be an integer but is a string"));
        }

        @Test
        void shouldNameAPageWithoutUrl() throws Exception {
            mvc.perform(webhook("{\"type\":\"crawl.page\",\"id\":\"j\",\"data\":[{\"markdown\":\"# x\","
                            + "\"metadata\":{\"title\":\"t\"}}]}"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.field").value("data[0].metadata.url"));
        }

        @Test
        void shouldRejectAnInvalidUrl() throws Exception {
            mvc.perform(documents("{\"url\":\"ftp://example.com/x\",\"text\":\"t\"}"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.field").value("url"))
                    .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("unsupported scheme")));
        }

        @Test
        void shouldAnswer415ForAnotherContentType() throws Exception {
            mvc.perform(post("/api/documents").contentType(MediaType.TEXT_PLAIN).content("hello")
                            .header("Authorization", "Bearer " + API_SECRET))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(jsonPath("$.error").value("unsupported_media_type"));
        }

        @Test
        void shouldAnswer413ForABodyOverTheLimit() throws Exception {
            String huge = "{\"url\":\"https://e.com/\",\"text\":\"" + "x".repeat(70 * 1024) + "\"}";
            mvc.perform(documents(huge))
                    .andExpect(status().isContentTooLarge())
                    .andExpect(jsonPath("$.error").value("payload_too_large"));
        }

        @Test
        void shouldLimitDocumentsPerRequest() throws Exception {
            String doc = "{\"url\":\"https://e.com/a\",\"text\":\"t\"}";
            mvc.perform(documents("{\"documents\":[" + String.join(",", doc, doc, doc, doc) + "]}"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.field").value("documents"));
        }

        @Test
        void shouldAnswerAnEmptyBodyWith400() throws Exception {
            mvc.perform(documents(""))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("malformed_json"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"?wait=indexed", "?timeout=5s", "?wait=searchable&timeout=soon",
                "?wait=searchable&timeout=2m", "?wait=searchable&timeout=0s"})
        void shouldRefuseAWaitItDoesNotUnderstandBeforeStoringAnything(String query) throws Exception {
            mvc.perform(post("/api/documents" + query).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"url\":\"https://e.com/a\",\"text\":\"t\"}")
                            .header("Authorization", "Bearer " + API_SECRET))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("invalid_parameter"))
                    .andExpect(jsonPath("$.field").value(query.contains("timeout") ? "timeout" : "wait"));
        }

        @Test
        void shouldRejectAnOverlongDocumentIdToDelete() throws Exception {
            mvc.perform(delete("/api/documents/{id}", "x".repeat(600)).header("Authorization", "Bearer " + API_SECRET))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.field").value("id"));
        }
    }

    @Nested
    class Authentication {
        @Test
        void shouldRequireTheBearerToken() throws Exception {
            mvc.perform(post("/api/documents").contentType(MediaType.APPLICATION_JSON).content("{}"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.error").value("missing_token"));
            mvc.perform(post("/api/documents").contentType(MediaType.APPLICATION_JSON).content("{}")
                            .header("Authorization", "Bearer wrong"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.error").value("invalid_token"));
        }

        @Test
        void shouldAcceptIgnoredEventTypesWithoutStoringAnything() throws Exception {
            mvc.perform(webhook("{\"type\":\"extract.completed\",\"id\":\"j\",\"data\":[]}"))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.ignored").value(true));
        }
    }

    @Nested
    class Search {
        private static MockHttpServletRequestBuilder search() {
            return get("/api/search").header("Authorization", "Bearer " + API_SECRET);
        }

        @Test
        void shouldRequireTheBearerTokenBeforeLookingAtParameters() throws Exception {
            mvc.perform(get("/api/search"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.error").value("missing_token"));
            mvc.perform(get("/api/search").param("q", "kafka").header("Authorization", "Bearer wrong"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.error").value("invalid_token"));
            mvc.perform(get("/api/search").param("q", "kafka").header("Authorization", "Basic " + API_SECRET))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.error").value("invalid_token"));
        }

        @Test
        void shouldNameAMissingQuery() throws Exception {
            mvc.perform(search())
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.error").value("missing_parameter"))
                    .andExpect(jsonPath("$.field").value("q"))
                    .andExpect(jsonPath("$.message").value("query parameter 'q' is required and must not be blank"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\t"})
        void shouldNameABlankQuery(String q) throws Exception {
            mvc.perform(search().param("q", q))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("missing_parameter"))
                    .andExpect(jsonPath("$.field").value("q"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "101", "-5", "ten", "2.5"})
        void shouldRefuseALimitOutside1To100(String limit) throws Exception {
            mvc.perform(search().param("q", "kafka").param("limit", limit))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("invalid_parameter"))
                    .andExpect(jsonPath("$.field").value("limit"))
                    .andExpect(jsonPath("$.message").value(
                            "limit must be an integer from 1 to 100 but was '" + limit + "'"));
        }

        @Test
        void shouldRefuseAnUnknownMode() throws Exception {
            mvc.perform(search().param("q", "kafka").param("mode", "semantic"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("invalid_parameter"))
                    .andExpect(jsonPath("$.field").value("mode"))
                    .andExpect(jsonPath("$.message").value(
                            "mode must be one of hybrid, bm25, vector but was 'semantic'"));
        }

        @Test
        void shouldRefuseChunksOtherThanTrueOrFalse() throws Exception {
            mvc.perform(search().param("q", "kafka").param("chunks", "sometimes"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.field").value("chunks"));
        }

        @Test
        void shouldAnswer405ForAPost() throws Exception {
            mvc.perform(post("/api/search").header("Authorization", "Bearer " + API_SECRET))
                    .andExpect(status().isMethodNotAllowed())
                    .andExpect(jsonPath("$.error").value("method_not_allowed"));
        }
    }
}
