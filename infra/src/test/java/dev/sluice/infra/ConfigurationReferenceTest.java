package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.infra.config.ApplicationConfiguration;
import dev.sluice.infra.config.ConfigurationKey;
import dev.sluice.infra.config.ConfigurationReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is what the configuration classes say, never edited by hand. After changing a configuration
 * class, regenerate it with {@code -Dsluice.docs.update=true} (the command is in the file's header).
 */
class ConfigurationReferenceTest {
    private static final Path REFERENCE = ComposeFile.INFRA.resolveSibling("docs").resolve("configuration.md");

    @Test
    void shouldMatchTheConfigurationClasses() throws IOException {
        String rendered = ConfigurationReference.render(Applications.ALL);
        if (Boolean.getBoolean("sluice.docs.update")) {
            Files.writeString(REFERENCE, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date with the configuration classes; regenerate it: "
                        + "./mvnw -pl infra -am verify -Dsluice.docs.update=true -Dtest=ConfigurationReferenceTest "
                        + "-Dit.test=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false")
                .isEqualTo(rendered);
    }

    @Nested
    class Content {
        @Test
        void shouldDocumentEveryKeyOfBothApplications() {
            String rendered = ConfigurationReference.render(Applications.ALL);
            for (ApplicationConfiguration application : Applications.ALL) {
                assertThat(application.keys()).as(application.title()).hasSizeGreaterThan(5);
                for (ConfigurationKey key : application.keys()) {
                    assertThat(key.description()).as("javadoc of %s", key.name()).isNotBlank();
                    assertThat(rendered).contains("`" + key.name());
                }
            }
        }

        @Test
        void shouldGiveTheDefaultInForceAndTheOldWorkersVariables() {
            ConfigurationKey batchSize = Applications.PROCESSOR.key("sluice.batch.max-documents").orElseThrow();
            assertThat(batchSize.defaultValue()).isEqualTo("16");
            assertThat(batchSize.aliases()).containsExactly("WEBHOOK_WORKER_BATCH_SIZE");
            ConfigurationKey timeout = Applications.PROCESSOR.key("sluice.indexing.document-timeout").orElseThrow();
            assertThat(timeout.defaultValue()).isEqualTo("300s");
            assertThat(timeout.aliases()).containsExactly(
                    "WEBHOOK_INDEXING_JOB_TIMEOUT (as `${WEBHOOK_INDEXING_JOB_TIMEOUT:300}s`)");
            assertThat(Applications.GATEWAY.key("sluice.gateway.processor-urls").orElseThrow().aliases())
                    .containsExactly("SLUICE_PROCESSOR_URL");
        }

        @Test
        void shouldKnowEverySluiceKeyTheApplicationYmlSets() {
            for (ApplicationConfiguration application : Applications.ALL) {
                List<String> unknown = application.yamlValues().keySet().stream()
                        .filter(k -> k.startsWith("sluice.")).filter(k -> application.key(k).isEmpty()).toList();
                assertThat(unknown).as("keys in %s's application.yml without metadata", application.title()).isEmpty();
            }
        }
    }
}
