package dev.sluice.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The gateway's settings, bound as Spring Boot binds them. */
class GatewayPropertiesTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static GatewayProperties bind(Map<String, String> extra) {
        Map<String, String> source = new HashMap<>(Map.of(
                "sluice.gateway.webhook-secret", SECRET, "sluice.gateway.api-secret", SECRET));
        source.putAll(extra);
        return new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("sluice.gateway", GatewayProperties.class);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Nested
    class ProcessorUrls {
        @Test
        void shouldDefaultToOneLocalProcessorAndFiveSeconds() {
            GatewayProperties properties = bind(Map.of());
            assertThat(properties.processorUrls()).containsExactly(URI.create("http://localhost:8081"));
            assertThat(properties.searchTimeout()).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void shouldReadACommaSeparatedList() {
            GatewayProperties properties = bind(Map.of("sluice.gateway.processor-urls",
                    "http://processor-0:8081,https://processor-1.internal/sluice/"));
            assertThat(properties.processorUrls()).containsExactly(URI.create("http://processor-0:8081"),
                    URI.create("https://processor-1.internal/sluice/"));
        }

        @Test
        void shouldRefuseAUrlThatIsNotAnAbsoluteHttpUrl() {
            assertThatThrownBy(() -> bind(Map.of("sluice.gateway.processor-urls", "localhost:8081")))
                    .isInstanceOf(BindException.class)
                    .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("sluice.gateway.processor-urls")
                            .hasMessageContaining("'localhost:8081'"));
        }

        @Test
        void shouldRefuseUserInfoWithoutRepeatingIt() {
            assertThatThrownBy(() -> bind(Map.of("sluice.gateway.processor-urls", "http://me:s3cret@p:8081")))
                    .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("sluice.gateway.processor-urls")
                            .hasMessageNotContaining("s3cret"));
        }

        @Test
        void shouldRefuseANonPositiveTimeout() {
            assertThatThrownBy(() -> bind(Map.of("sluice.gateway.search-timeout", "0s")))
                    .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("sluice.gateway.search-timeout"));
        }

        @Test
        void shouldNotPrintSecrets() {
            assertThat(bind(Map.of()).toString()).doesNotContain(SECRET).contains("processorUrls=[http://localhost:8081]");
        }
    }

    @Nested
    class KafkaProperties {
        @Test
        void shouldPassClientSettingsThroughByTheirKafkaNames() {
            GatewayProperties properties = bind(Map.of(
                    "sluice.gateway.kafka-properties.security.protocol", "SASL_SSL",
                    "sluice.gateway.kafka-properties.sasl.mechanism", "SCRAM-SHA-512",
                    "sluice.gateway.kafka-properties.linger.ms", "5"));
            assertThat(properties.kafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "linger.ms", "5"));
        }

        @Test
        void shouldReachTheProducerOverItsDefaults() {
            GatewayProperties properties = bind(Map.of(
                    "sluice.gateway.kafka-properties.security.protocol", "SASL_SSL",
                    "sluice.gateway.kafka-properties.linger.ms", "20"));
            Map<String, Object> producer = new GatewayConfiguration(properties).producerFactory()
                    .getConfigurationProperties();
            assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "20")
                    .containsEntry("acks", "all").containsEntry("enable.idempotence", true);
        }

        @Test
        void shouldRefuseToWeakenTheAcknowledgement() {
            assertThatThrownBy(() -> bind(Map.of("sluice.gateway.kafka-properties.acks", "1")))
                    .satisfies(e -> assertThat(rootCause(e))
                            .hasMessageContaining("sluice.gateway.kafka-properties.acks cannot be set"));
            assertThatThrownBy(() -> bind(Map.of("sluice.gateway.kafka-properties.enable.idempotence", "false")))
                    .satisfies(e -> assertThat(rootCause(e))
                            .hasMessageContaining("sluice.gateway.kafka-properties.enable.idempotence"));
        }

        @Test
        void shouldPointBootstrapServersToItsOwnKey() {
            assertThatThrownBy(() -> bind(Map.of("sluice.gateway.kafka-properties.bootstrap.servers", "k:9092")))
                    .satisfies(e -> assertThat(rootCause(e))
                            .hasMessageContaining("use sluice.gateway.bootstrap-servers"));
        }

        @Test
        void shouldNotPrintTheirValues() {
            String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"pw-secret\";";
            assertThat(bind(Map.of("sluice.gateway.kafka-properties.sasl.jaas.config", jaas)).toString())
                    .contains("sasl.jaas.config").doesNotContain("pw-secret");
        }
    }
}
