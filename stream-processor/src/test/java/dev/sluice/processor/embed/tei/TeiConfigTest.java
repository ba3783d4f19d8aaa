package dev.sluice.processor.embed.tei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TeiConfigTest {
    private static final URI URL = URI.create("http://tei:8080");

    @Test
    void shouldUseTeiDefaults() {
        TeiConfig config = TeiConfig.builder(URL).build();

        assertThat(config.maxBatchSize()).isEqualTo(32);
        assertThat(config.maxRequestBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.maxConcurrentRequests()).isEqualTo(16);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.bearerToken()).isEmpty();
        assertThat(config.expectedDimension()).isEqualTo(OptionalInt.empty());
    }

    @Test
    void shouldAppendEndpointsToTheBaseUrlWithoutDoubleSlashes() {
        TeiConfig config = TeiConfig.builder(URI.create("https://gpu.example/tei/")).build();

        assertThat(config.url()).hasToString("https://gpu.example/tei");
        assertThat(config.embedUri()).hasToString("https://gpu.example/tei/embed");
        assertThat(config.infoUri()).hasToString("https://gpu.example/tei/info");
    }

    @Test
    void shouldNeverShowTheBearerToken() {
        TeiConfig config = TeiConfig.builder(URL).bearerToken("s3cr3t-token").build();

        assertThat(config.bearerToken()).contains("s3cr3t-token");
        assertThat(config.toString()).doesNotContain("s3cr3t-token").contains("bearerToken=<set>");
    }

    @Nested
    class Validation {

        @Test
        void shouldRequireAnHttpUrl() {
            assertThatThrownBy(() -> TeiConfig.builder(null).build())
                    .hasMessage("embedding.tei.url is required");
            assertThatThrownBy(() -> TeiConfig.builder(URI.create("ftp://tei")).build())
                    .hasMessage("embedding.tei.url must be an http or https URL but was ftp://tei");
            assertThatThrownBy(() -> TeiConfig.builder(URI.create("tei:8080")).build())
                    .hasMessageStartingWith("embedding.tei.url must be an http or https URL");
            assertThatThrownBy(() -> TeiConfig.builder(URI.create("http://tei/?x=1")).build())
                    .hasMessageStartingWith("embedding.tei.url must have a host and no user info, query or fragment");
        }

        @Test
        void shouldNameTheKeyOfABadNumber() {
            assertThatThrownBy(() -> TeiConfig.builder(URL).maxBatchSize(0).build())
                    .hasMessage("embedding.max.batch.size must be >= 1 but was 0");
            assertThatThrownBy(() -> TeiConfig.builder(URL).maxRequestBytes(10).build())
                    .hasMessage("embedding.max.request.bytes must be >= 128 but was 10");
            assertThatThrownBy(() -> TeiConfig.builder(URL).maxConcurrentRequests(0).build())
                    .hasMessage("embedding.max.concurrent.requests must be >= 1 but was 0");
            assertThatThrownBy(() -> TeiConfig.builder(URL).maxRetries(-1).build())
                    .hasMessage("embedding.max.retries must be >= 0 but was -1");
            assertThatThrownBy(() -> TeiConfig.builder(URL).expectedDimension(0).build())
                    .hasMessage("embedding.dimension must be >= 1 but was 0");
        }

        @Test
        void shouldNameTheKeyOfABadDuration() {
            assertThatThrownBy(() -> TeiConfig.builder(URL).connectTimeout(Duration.ZERO).build())
                    .hasMessage("embedding.connect.timeout.ms must be > 0 but was 0");
            assertThatThrownBy(() -> TeiConfig.builder(URL).requestTimeout(null).build())
                    .hasMessage("embedding.request.timeout.ms must be > 0 but was null");
            assertThatThrownBy(() -> TeiConfig.builder(URL).initialBackoff(Duration.ofMillis(-5)).build())
                    .hasMessage("embedding.retry.initial.backoff.ms must be > 0 but was -5");
            assertThatThrownBy(() -> TeiConfig.builder(URL)
                    .initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build())
                    .hasMessage("embedding.retry.max.backoff.ms must be >= embedding.retry.initial.backoff.ms "
                            + "(2000) but was 1000");
        }

        @Test
        void shouldRejectATokenThatCannotBeAHeaderWithoutEchoingIt() {
            assertThatThrownBy(() -> TeiConfig.builder(URL).bearerToken("abc\r\nX-Evil: 1").build())
                    .hasMessage("embedding.tei.bearer.token must be non-blank printable ASCII without spaces")
                    .message().doesNotContain("abc");
        }
    }
}
