package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StandaloneSettingsTest {
    private static final Path DIR = Path.of("/tmp/sluice-settings-test");

    @Nested
    class Defaults {
        @Test
        void shouldUseTheDocumentedPortsAndEmbedEverything() {
            StandaloneSettings s = StandaloneSettings.builder(DIR).build();

            assertThat(s.gatewayPort()).isEqualTo(8080);
            assertThat(s.processorPort()).isEqualTo(8081);
            assertThat(s.kafkaPort()).isEqualTo(9092);
            assertThat(s.controllerPort()).isEqualTo(9093);
            assertThat(s.postgresPort()).isEqualTo(5433);
            assertThat(s.partitions()).isEqualTo(6);
            assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
            assertThat(s.embeddedKafka()).isTrue();
            assertThat(s.embeddedPostgres()).isTrue();
        }

        @Test
        void shouldMakeTheDataDirectoryAbsolute() {
            assertThat(StandaloneSettings.builder(Path.of(".sluice")).build().dataDir()).isAbsolute();
        }
    }

    @Nested
    class Secrets {
        @Test
        void shouldTurnDevModeOnWithTheWellKnownSecretsWhenNoSecretIsGiven() {
            StandaloneSettings s = StandaloneSettings.builder(DIR).build();

            assertThat(s.devMode()).isTrue();
            assertThat(s.effectiveApiSecret()).isEqualTo(StandaloneSettings.DEV_API_SECRET);
            assertThat(s.effectiveWebhookSecret()).isEqualTo(StandaloneSettings.DEV_WEBHOOK_SECRET);
        }

        @Test
        void shouldLeaveDevModeOffAndUseTheGivenSecretsWhenSecretsAreGiven() {
            String api = "a".repeat(40);
            StandaloneSettings s = StandaloneSettings.builder(DIR).apiSecret(api).webhookSecret("w".repeat(40))
                    .build();

            assertThat(s.devMode()).isFalse();
            assertThat(s.effectiveApiSecret()).isEqualTo(api);
        }

        @Test
        void shouldNotInventASecretOutsideDevMode() {
            StandaloneSettings s = StandaloneSettings.builder(DIR).apiSecret("a".repeat(40)).build();

            assertThat(s.devMode()).isFalse();
            assertThat(s.effectiveWebhookSecret()).isEmpty();
        }

        @Test
        void shouldHideTheDatabasePasswordInToString() {
            StandaloneSettings s = StandaloneSettings.builder(DIR)
                    .jdbcUrl("jdbc:postgresql://db:5432/sluice?user=sluice&password=hunter2&ssl=true").build();

            assertThat(s.toString()).contains("user=sluice&password=***&ssl=true").doesNotContain("hunter2");
        }

        @Test
        void shouldNeverShowASecretInToString() {
            String secret = "very-secret-api-token-0123456789abcdef";
            StandaloneSettings s = StandaloneSettings.builder(DIR).apiSecret(secret).webhookSecret(secret).build();

            assertThat(s.toString()).doesNotContain(secret);
        }
    }

    @Nested
    class Validation {
        @Test
        void shouldNameBothOptionsWhenTwoPortsClash() {
            assertThatThrownBy(() -> StandaloneSettings.builder(DIR).processorPort(8080).build())
                    .hasMessageContaining("processor-port").hasMessageContaining("gateway-port")
                    .hasMessageContaining("8080");
        }

        @Test
        void shouldIgnoreThePortsOfEmbeddedPartsThatAreReplaced() {
            StandaloneSettings s = StandaloneSettings.builder(DIR).bootstrapServers("kafka:9092").kafkaPort(8080)
                    .jdbcUrl("jdbc:postgresql://db/sluice").postgresPort(8081).build();

            assertThat(s.embeddedKafka()).isFalse();
            assertThat(s.embeddedPostgres()).isFalse();
        }

        @Test
        void shouldRejectAPortOutOfRange() {
            assertThatThrownBy(() -> StandaloneSettings.builder(DIR).kafkaPort(70000).build())
                    .hasMessageContaining("kafka-port must be in 1..65535");
        }

        @Test
        void shouldRejectZeroPartitions() {
            assertThatThrownBy(() -> StandaloneSettings.builder(DIR).partitions(0).build())
                    .hasMessageContaining("partitions");
        }

        @Test
        void shouldRejectAJdbcUrlThatIsNotPostgres() {
            assertThatThrownBy(() -> StandaloneSettings.builder(DIR).jdbcUrl("jdbc:mysql://db/x").build())
                    .hasMessageContaining("jdbc-url must start with jdbc:postgresql:");
        }
    }
}
