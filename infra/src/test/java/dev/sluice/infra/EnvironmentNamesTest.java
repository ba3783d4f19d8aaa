package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.infra.config.ApplicationConfiguration;
import dev.sluice.infra.config.ConfigurationKey;
import dev.sluice.infra.config.EnvironmentNames;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/** The variable documented for each key is the one Spring Boot binds to it. */
class EnvironmentNamesTest {

    private static ConfigurationKey key(String name, String type) {
        return new ConfigurationKey(name, type, "", "", List.of());
    }

    @Nested
    class FromKeys {
        @Test
        void shouldUpperCaseDropDashesAndTurnDotsIntoUnderscores() {
            assertThat(EnvironmentNames.of("sluice.gateway.processor-urls")).isEqualTo("SLUICE_GATEWAY_PROCESSORURLS");
            assertThat(EnvironmentNames.of("sluice.batch.max-documents")).isEqualTo("SLUICE_BATCH_MAXDOCUMENTS");
        }

        @Test
        void shouldNameVariablesThatSpringBootBindsBackToTheirKey() {
            for (ApplicationConfiguration application : Applications.ALL) {
                for (ConfigurationKey key : application.keys()) {
                    String variable = key.isMap() ? EnvironmentNames.of(key.name()) + "_SOME_SETTING"
                            : EnvironmentNames.of(key.name());
                    assertThat(EnvironmentNames.binds(variable, key)).as("%s binds %s", variable, key.name()).isTrue();
                }
            }
        }
    }

    @Nested
    class ToKeys {
        @Test
        void shouldReadAVariableAsSpringBootDoes() {
            assertThat(EnvironmentNames.keyOf("SLUICE_KAFKA_STREAMS_NUM_STANDBY_REPLICAS"))
                    .contains(ConfigurationPropertyName.of("sluice.kafka.streams.num.standby.replicas"));
        }

        @Test
        void shouldBindAMapEntryButNotANeighbour() {
            ConfigurationKey streams = key("sluice.kafka.streams", "java.util.Map<java.lang.String,java.lang.String>");
            assertThat(EnvironmentNames.binds("SLUICE_KAFKA_STREAMS_LINGER_MS", streams)).isTrue();
            assertThat(EnvironmentNames.binds("SLUICE_KAFKA_STREAMTHREADS", streams)).isFalse();
        }

        @Test
        void shouldNotBindAKeyWithDashesToAVariableKeepingThem() {
            // SLUICE_BATCH_MAX_DOCUMENTS would be sluice.batch.max.documents: another key
            assertThat(EnvironmentNames.binds("SLUICE_BATCH_MAX_DOCUMENTS", key("sluice.batch.max-documents",
                    "java.lang.Integer"))).isFalse();
        }
    }
}
