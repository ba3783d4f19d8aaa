package dev.sluice.processor.index.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QdrantConfigTest {

    @Nested
    class FromUrl {

        @Test
        void shouldTakeHostAndPortOfAPlainTextUrl() {
            QdrantConfig config = QdrantConfig.forUrl("http://qdrant:6334", 384);

            assertThat(config.host()).isEqualTo("qdrant");
            assertThat(config.port()).isEqualTo(6334);
            assertThat(config.useTls()).isFalse();
        }

        @Test
        void shouldUseTlsForHttpsAndTheGrpcPortByDefault() {
            QdrantConfig config = QdrantConfig.forUrl("https://xyz.cloud.qdrant.io", 384);

            assertThat(config.useTls()).isTrue();
            assertThat(config.port()).isEqualTo(6334);
            assertThat(config.url()).isEqualTo("https://xyz.cloud.qdrant.io:6334");
        }

        @Test
        void shouldAcceptATrailingSlashAndAnIpv6Literal() {
            QdrantConfig config = QdrantConfig.forUrl("http://[::1]:7000/", 384);

            assertThat(config.host()).isEqualTo("::1");
            assertThat(config.port()).isEqualTo(7000);
            assertThat(config.url()).isEqualTo("http://[::1]:7000");
        }

        @Test
        void shouldStartFromTheDocumentedDefaults() {
            QdrantConfig config = QdrantConfig.forUrl("http://qdrant", 384);

            assertThat(config.collection()).isEqualTo("sluice_chunks");
            assertThat(config.vectorSize()).isEqualTo(384);
            assertThat(config.waitForWrites()).isTrue();
            assertThat(config.upsertBatchSize()).isEqualTo(256);
            assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(config.apiKey()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"qdrant:6334", "grpc://qdrant:6334", "ftp://qdrant"})
        void shouldRefuseAUrlWithoutHttpOrHttps(String url) {
            assertThatThrownBy(() -> QdrantConfig.forUrl(url, 384))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("qdrant.url");
        }

        @Test
        void shouldRefuseAPathBecauseGrpcHasNone() {
            assertThatThrownBy(() -> QdrantConfig.forUrl("http://qdrant:6334/api", 384))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("qdrant.url must be only scheme, host and port");
        }

        @Test
        void shouldRefuseUserInfoWithoutRepeatingIt() {
            assertThatThrownBy(() -> QdrantConfig.forUrl("http://admin:hunter2@qdrant:6334", 384))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("qdrant.api.key")
                    .hasMessageNotContaining("hunter2");
        }

        @Test
        void shouldRefuseAMalformedUrlWithoutRepeatingIt() {
            assertThatThrownBy(() -> QdrantConfig.forUrl("http://admin:hunter2@qd rant:6334", 384))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("qdrant.url")
                    .hasMessageNotContaining("hunter2");
        }

        @Test
        void shouldRefuseABlankUrl() {
            assertThatThrownBy(() -> QdrantConfig.forUrl(" ", 384))
                    .hasMessage("qdrant.url must not be blank");
        }
    }

    @Nested
    class Validation {
        private final QdrantConfig valid = QdrantConfig.forHost("qdrant", 6334, 384);

        @Test
        void shouldNameTheKeyOfEveryBadValue() {
            assertThatThrownBy(() -> QdrantConfig.forHost(" ", 6334, 384)).hasMessageContaining("qdrant.host");
            assertThatThrownBy(() -> QdrantConfig.forHost("q", 0, 384))
                    .hasMessage("qdrant.port must be between 1 and 65535 but was 0");
            assertThatThrownBy(() -> QdrantConfig.forHost("q", 6334, 0))
                    .hasMessage("qdrant.vector.size must be between 1 and 65536 but was 0");
            assertThatThrownBy(() -> valid.withUpsertBatchSize(0))
                    .hasMessage("qdrant.upsert.batch.size must be >= 1 but was 0");
            assertThatThrownBy(() -> valid.withTimeout(Duration.ZERO))
                    .hasMessage("qdrant.timeout.ms must be > 0 but was 0");
            assertThatThrownBy(() -> valid.withTimeout(null)).hasMessageContaining("qdrant.timeout.ms");
            assertThatThrownBy(() -> valid.withCollection("")).hasMessage("qdrant.collection must not be blank");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a/b", "a:b", "a*b", "a?b", "a\u0000b"})
        void shouldRefuseCollectionNamesQdrantRefuses(String name) {
            assertThatThrownBy(() -> valid.withCollection(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("qdrant.collection must not contain");
        }

        @Test
        void shouldRefuseACollectionNameLongerThan255() {
            assertThatThrownBy(() -> valid.withCollection("c".repeat(256)))
                    .hasMessage("qdrant.collection must be at most 255 characters but had 256");
        }

        @Test
        void shouldTreatABlankApiKeyAsNone() {
            assertThat(valid.withApiKey("  ").apiKey()).isNull();
        }
    }

    @Test
    void shouldNeverShowTheApiKey() {
        QdrantConfig config = QdrantConfig.forUrl("https://q.example", 384).withApiKey("very-secret-key");

        assertThat(config.toString()).doesNotContain("very-secret-key").contains("apiKey=***")
                .contains("https://q.example:6334");
        assertThat(config.withApiKey(null).toString()).contains("apiKey=none");
    }
}
