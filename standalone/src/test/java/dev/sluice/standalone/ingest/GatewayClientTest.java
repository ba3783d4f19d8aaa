package dev.sluice.standalone.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayClientTest {

    @Test
    void shouldWrapDocumentsInOneDocumentsArray() {
        var a = new SourceEntry.Document("a", "{\"url\":\"https://x/1\"}".getBytes(StandardCharsets.UTF_8));
        var b = new SourceEntry.Document("b", "{\"url\":\"https://x/2\"}".getBytes(StandardCharsets.UTF_8));

        byte[] body = GatewayClient.body(List.of(a, b));

        assertThat(Json.mapper().readTree(body).get("documents")).hasSize(2);
        assertThat(body.length).isLessThanOrEqualTo(16 + GatewayClient.bodyBytes(a) + GatewayClient.bodyBytes(b));
    }

    @Test
    void shouldTellTheGatewaysMessageWithoutTheRequestPathOfALoneDocument() {
        byte[] error = "{\"error\":\"invalid_field\",\"message\":\"documents[0].url is required\",\"field\":\"documents[0].url\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(GatewayClient.reason(422, error)).isEqualTo("url is required (HTTP 422)");
    }

    @Test
    void shouldFallBackToTheStatusWhenTheBodyIsNotTheGatewaysJson() {
        assertThat(GatewayClient.reason(413, "<html>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("larger than the gateway's body limit (HTTP 413)");
        assertThat(GatewayClient.reason(400, new byte[0])).isEqualTo("HTTP 400");
    }
}
