package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.GatewayApplication;
import dev.sluice.infra.config.ApplicationConfiguration;
import dev.sluice.infra.config.ConfigurationKey;
import dev.sluice.processor.app.ProcessorApplication;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AppSettingsTest {
    private final StandaloneSettings dev = StandaloneSettings.builder(Path.of("/data/sluice")).gatewayPort(18080)
            .processorPort(18081).build();

    @Nested
    class Keys {
        @Test
        void shouldSetOnlyKeysTheGatewayHas() {
            Map<String, Object> p = AppSettings.gateway(dev, "k:9092", "jdbc:postgresql://localhost:5433/x");
            assertThat(unknown(p.keySet(), ApplicationConfiguration.of("gateway", GatewayApplication.class, "")))
                    .isEmpty();
        }

        @Test
        void shouldSetOnlyKeysTheProcessorHas() {
            StandaloneSettings withServices = StandaloneSettings.builder(Path.of("/data/sluice"))
                    .teiUrl("http://tei:80").qdrantUrl("http://qdrant:6334").build();
            Map<String, Object> p = AppSettings.processor(withServices, "k:9092", "jdbc:postgresql://localhost:5433/x");
            assertThat(unknown(p.keySet(), ApplicationConfiguration.of("processor", ProcessorApplication.class, "")))
                    .isEmpty();
        }

        /** Keys that neither the application's configuration metadata nor Spring Boot's describe. */
        private static List<String> unknown(java.util.Set<String> keys, ApplicationConfiguration application) {
            List<ConfigurationKey> known = new java.util.ArrayList<>(application.keys());
            known.addAll(ApplicationConfiguration.everyKnownKey(AppSettingsTest.class.getClassLoader()).stream()
                    .filter(k -> !k.name().startsWith("sluice.")).toList());
            return keys.stream().filter(key -> known.stream().noneMatch(k -> {
                ConfigurationPropertyName name = ConfigurationPropertyName.of(k.name());
                ConfigurationPropertyName set = ConfigurationPropertyName.of(key);
                return name.equals(set) || (k.isMap() && name.isAncestorOf(set));
            })).toList();
        }
    }

    @Nested
    class Gateway {
        @Test
        void shouldListenOnTheGatewayPortAndWriteToTheGivenKafka() {
            Map<String, Object> p = AppSettings.gateway(dev, "127.0.0.1:9092", "jdbc:postgresql://localhost:5433/x");

            assertThat(p).containsEntry("server.port", 18080)
                    .containsEntry("server.address", "127.0.0.1")
                    .containsEntry("sluice.gateway.bootstrap-servers", "127.0.0.1:9092")
                    .containsEntry("sluice.gateway.processor-urls", "http://127.0.0.1:18081")
                    .containsEntry("sluice.jdbc-url", "jdbc:postgresql://localhost:5433/x");
        }

        @Test
        void shouldGiveTheDevSecretsInDevMode() {
            Map<String, Object> p = AppSettings.gateway(dev, "k:9092", "");

            assertThat(p).containsEntry("sluice.gateway.api-secret", StandaloneSettings.DEV_API_SECRET)
                    .containsEntry("sluice.gateway.webhook-secret", StandaloneSettings.DEV_WEBHOOK_SECRET)
                    .containsEntry("sluice.gateway.dev-mode", true);
        }
    }

    @Nested
    class Processor {
        @Test
        void shouldKeepItsStateUnderTheDataDirectory() {
            Map<String, Object> p = AppSettings.processor(dev, "k:9092", "");

            assertThat(p).containsEntry("server.port", 18081)
                    .containsEntry("sluice.kafka.bootstrap-servers", "k:9092")
                    .containsEntry("sluice.kafka.state-dir", Path.of("/data/sluice/processor").toString());
        }

        @Test
        void shouldLeaveTheEmbeddingAndVectorDefaultsAloneUnlessAddressesAreGiven() {
            assertThat(AppSettings.processor(dev, "k:9092", ""))
                    .doesNotContainKeys("sluice.embedding.tei-url", "sluice.qdrant.url");

            StandaloneSettings real = StandaloneSettings.builder(Path.of("/d")).teiUrl("http://tei:8080")
                    .qdrantUrl("http://qdrant:6334").build();
            assertThat(AppSettings.processor(real, "k:9092", ""))
                    .containsEntry("sluice.embedding.tei-url", "http://tei:8080")
                    .containsEntry("sluice.qdrant.url", "http://qdrant:6334");
        }
    }

    @Test
    void shouldConnectToLocalhostWhenBoundToEveryInterface() {
        assertThat(AppSettings.connectHost("0.0.0.0")).isEqualTo("localhost");
        assertThat(AppSettings.connectHost("192.168.1.5")).isEqualTo("192.168.1.5");
        assertThat(AppSettings.connectHost("::1")).isEqualTo("[::1]");
    }
}
