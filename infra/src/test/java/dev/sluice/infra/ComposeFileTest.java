package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sluice.gateway.config.GatewayProperties;
import dev.sluice.infra.config.ApplicationConfiguration;
import dev.sluice.infra.config.ConfigurationKey;
import dev.sluice.infra.config.EnvironmentNames;
import dev.sluice.processor.app.ProcessorProperties;
import dev.sluice.schemas.Topics;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.Yaml;

/**
 * infra/docker-compose.yml: Compose accepts it, the gateway and the processor get only settings they have (by their
 * relaxed-binding names or the old worker's names) and bind them to the values meant, the topics created are the
 * registry's, and Prometheus scrapes where the applications serve their meters.
 */
class ComposeFileTest {
    private static ComposeFile compose;

    @BeforeAll
    static void load() throws IOException {
        compose = ComposeFile.load();
    }

    @Nested
    class DockerCompose {
        @Test
        void shouldAcceptTheFileWithTheExampleEnvironment() throws Exception {
            Path binary = onPath("docker-compose");
            if (System.getenv("CI") != null) {
                assertThat(binary).as("docker-compose on the PATH (.ci/run installs it)").isNotNull();
            }
            assumeThat(binary).as("docker-compose is not installed (apt-get install docker-compose); "
                    + ".ci/run installs it, so CI runs this check").isNotNull();
            for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "dev"))) {
                List<String> command = new ArrayList<>(List.of(binary.toString(), "--env-file",
                        ComposeFile.ENV_EXAMPLE.toString(), "-f", ComposeFile.FILE.toString()));
                command.addAll(profile);
                command.addAll(List.of("config", "-q"));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config ended").isTrue();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.exitValue()).as("%s said: %s", command, output).isZero();
            }
        }

        private static Path onPath(String name) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
    }

    @Nested
    class Environment {
        @Test
        void shouldSetOnlySettingsTheGatewayHas() {
            assertThat(unknown("gateway", Applications.GATEWAY)).isEmpty();
        }

        @Test
        void shouldSetOnlySettingsTheProcessorHas() {
            assertThat(unknown("processor", Applications.PROCESSOR)).isEmpty();
        }

        @Test
        void shouldRefuseAVariableThatNoKeyBindsTo() {
            // the check above is not vacuous: a misspelt or singular key is caught
            assertThat(accepted("SLUICE_GATEWAY_PROCESSORURL", Applications.GATEWAY)).isFalse();
            assertThat(accepted("SLUICE_BATCH_MAXDOCUMENTS", Applications.GATEWAY)).isFalse();
            assertThat(accepted("SLUICE_BATCH_MAXDOCUMENTS", Applications.PROCESSOR)).isTrue();
        }

        @Test
        void shouldGiveTheProcessorTheSettingsMeant() {
            Binder binder = binder(compose.environment("processor"), "stream-processor", Map.of("HOSTNAME", "c0ffee42"));
            ProcessorProperties p = binder.bind("sluice", ProcessorProperties.class).get();

            assertThat(p.kafka().bootstrapServers()).isEqualTo("kafka:9092");
            assertThat(p.kafka().applicationId()).isEqualTo("sluice-processor");
            assertThat(p.kafka().stateDir()).isEqualTo(Path.of("/var/lib/sluice/processor"));
            assertThat(p.kafka().streams()).containsEntry("num.standby.replicas", "1")
                    .containsEntry("max.request.size", "11534336");
            assertThat(p.embedding().teiUrl()).isEqualTo("http://tei:80");
            assertThat(p.qdrant().url()).isEqualTo("http://qdrant:6334");
            assertThat(p.qdrant().apiKey()).isEqualTo(ComposeFile.envExampleValue("QDRANT_API_KEY"));
            // each replica advertises its own container host name
            assertThat(binder.bind("sluice.advertised-host", String.class).get()).isEqualTo("c0ffee42");
            assertThat(binder.bind("sluice.jdbc-url", String.class).get())
                    .isEqualTo("jdbc:postgresql://postgres:5432/sluice");
            assertThat(binder.bind("sluice.api-secret", String.class).get())
                    .isEqualTo(ComposeFile.envExampleValue("WEBHOOK_API_SECRET"));
        }

        @Test
        void shouldGiveTheGatewayTheSettingsMeant() {
            Binder binder = binder(compose.environment("gateway"), "ingest-gateway", Map.of());
            GatewayProperties g = binder.bind("sluice.gateway", GatewayProperties.class).get();

            assertThat(g.bootstrapServers()).isEqualTo("kafka:9092");
            assertThat(g.processorUrls()).containsExactly(URI.create("http://processor:8081"));
            assertThat(g.devMode()).isFalse();
            assertThat(g.maxBodySize()).isEqualTo(DataSize.ofMegabytes(10));
            assertThat(binder.bind("sluice.jdbc-password", String.class).get())
                    .isEqualTo(ComposeFile.envExampleValue("POSTGRES_PASSWORD"));
        }

        @Test
        void shouldAdvertiseEachProcessorReplicaByItsOwnHostName() {
            assertThat(compose.rawEnvironment("processor")).containsEntry("SLUICE_ADVERTISEDHOST", "$${HOSTNAME}");
            assertThat(compose.environment("processor")).containsEntry("SLUICE_ADVERTISEDHOST", "${HOSTNAME}");
        }

        private List<String> unknown(String service, ApplicationConfiguration application) {
            Map<String, String> env = compose.rawEnvironment(service);
            assertThat(env).as("environment of %s", service).isNotEmpty();
            return env.keySet().stream().filter(variable -> !accepted(variable, application)).toList();
        }

        /** A variable is accepted when the application binds it: its own key, an alias, or Spring Boot's key. */
        private static boolean accepted(String variable, ApplicationConfiguration application) {
            return application.keys().stream().anyMatch(key -> EnvironmentNames.binds(variable, key))
                    || application.placeholderVariables().containsKey(variable)
                    || SPRING_BOOT_KEYS.stream().anyMatch(key -> EnvironmentNames.binds(variable, key));
        }

        /**
         * The container's environment as Spring Boot sees it (system environment first, then the application's own
         * application.yml with its old-worker placeholders), as the application binds it.
         */
        private static Binder binder(Map<String, String> env, String module, Map<String, String> containerEnv) {
            Map<String, Object> all = new HashMap<>(containerEnv);
            all.putAll(env);
            StandardEnvironment environment = new StandardEnvironment();
            MutablePropertySources sources = environment.getPropertySources();
            sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, all));
            sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
            try {
                Path yaml = ComposeFile.INFRA.resolveSibling(module).resolve("src/main/resources/application.yml");
                for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml",
                        new org.springframework.core.io.FileSystemResource(yaml))) {
                    sources.addLast(source);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ConfigurationPropertySources.attach(environment);
            return Binder.get(environment);
        }
    }

    @Nested
    class KafkaTopics {
        @Test
        void shouldCreateEveryTopicOfTheRegistryAndNoOther() throws IOException {
            String script = Files.readString(ComposeFile.INFRA.resolve("kafka/create-topics.sh"));
            List<String> created = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^create (\\S+) ").matcher(script);
            while (m.find()) {
                created.add(m.group(1));
            }
            Topics topics = Topics.defaults();
            assertThat(created).containsExactlyInAnyOrder(topics.documents().name(), topics.outcomes().name(),
                    topics.deadLetters().name(), topics.crawlEvents().name());
        }

        @Test
        void shouldRunTheTopicScriptBeforeTheApplicationsStart() {
            for (String service : List.of("gateway", "processor")) {
                assertThat(dependsOn(service)).as(service)
                        .containsEntry("kafka-init", Map.of("condition", "service_completed_successfully"));
            }
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> dependsOn(String service) {
            return (Map<String, Object>) compose.service(service).getOrDefault("depends_on", Map.of());
        }
    }

    @Nested
    class Monitoring {
        @Test
        @SuppressWarnings("unchecked")
        void shouldScrapeTheApplicationsWhereTheyServeTheirMeters() throws IOException {
            Map<String, Object> prometheus = new Yaml().load(Files.readString(
                    ComposeFile.INFRA.resolve("prometheus/prometheus.yml")));
            Map<String, String> targets = new HashMap<>();
            for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
                assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
                for (Map<String, Object> sd : (List<Map<String, Object>>) job.get("dns_sd_configs")) {
                    for (String name : (List<String>) sd.get("names")) {
                        targets.put(name, String.valueOf(sd.get("port")));
                    }
                }
            }
            assertThat(targets).containsOnlyKeys("gateway", "processor");
            targets.forEach((service, port) ->
                    assertThat(compose.environment(service)).as(service).containsEntry("SERVER_PORT", port));
        }
    }

    /** Spring Boot's own keys (server.port, logging.level.*, ...): every metadata on the class path but ours. */
    private static final List<ConfigurationKey> SPRING_BOOT_KEYS = ApplicationConfiguration
            .everyKnownKey(ComposeFileTest.class.getClassLoader()).stream()
            .filter(key -> !key.name().startsWith("sluice.")).toList();
}
