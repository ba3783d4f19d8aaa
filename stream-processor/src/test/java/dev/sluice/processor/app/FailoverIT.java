package dev.sluice.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.embedded.FreePorts;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two processor instances (separate JVMs, one application id) share 12 partitions; one is killed with SIGKILL in the
 * middle of the run, as a crash would. Every document still gets exactly one outcome, the survivor's indexes hold
 * each document's chunks exactly once, and search finds the documents whose partitions moved.
 */
class FailoverIT {
    private static final Topics TOPICS = Topics.defaults();
    private static final int DOCUMENTS = 600;

    @TempDir
    Path dir;

    private EmbeddedKafka kafka;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (kafka != null) kafka.close();
    }

    private Process startInstance(String name, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx768m", "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                ProcessorApplication.class.getName(),
                "--server.port=" + port,
                "--sluice.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--sluice.kafka.state-dir=" + dir.resolve(name),
                "--sluice.kafka.application-id=failover-it",
                "--sluice.kafka.streams[replication.factor]=1",
                "--sluice.kafka.streams[session.timeout.ms]=6000",
                "--sluice.kafka.streams[heartbeat.interval.ms]=1000");
        builder.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    private void awaitHealthy(int port, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new AssertionError("instance on port " + port + " died at start");
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            try {
                p.onExit().get(200, TimeUnit.MILLISECONDS); // returns early only if the process died
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // poll again
            }
        }
        throw new AssertionError("instance on port " + port + " did not become healthy");
    }

    @Test
    void shouldLoseAndDoubleNothingWhenAnInstanceCrashes() throws Exception {
        kafka = EmbeddedKafka.onFreePorts(dir.resolve("kafka")).start();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPICS.documents().name(), 12, (short) 1),
                    new NewTopic(TOPICS.outcomes().name(), 3, (short) 1),
                    new NewTopic(TOPICS.deadLetters().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        int portA = FreePorts.take();
        int portB = FreePorts.take();
        Process a = startInstance("a", portA);
        Process b = startInstance("b", portB);
        awaitHealthy(portA, a);
        awaitHealthy(portB, b);

        Map<String, DocumentEvent> docs = new LinkedHashMap<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            DocumentEvent d = DocumentEvent.builder("https://docs.example.com/failover/" + i)
                    .title("Failover page " + i)
                    .markdown("# Page " + i + "\n\nAbout the kv" + i + "q option.\n\n## More\n\nkv" + i + "q again.")
                    .build();
            docs.put(d.documentId(), d);
        }
        KafkaCluster cluster = kafka::bootstrapServers;
        cluster.produce(TOPICS.documents().name(), new StringSerializer(), TOPICS.documents().valueSerde().serializer(),
                docs);

        cluster.consumeDistinctKeys(TOPICS.outcomes().name(), new StringDeserializer(),
                TOPICS.outcomes().valueSerde().deserializer(), DOCUMENTS / 4, Duration.ofMinutes(3), Duration.ZERO);
        a.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no commit
        List<ConsumerRecord<String, IndexOutcome>> outcomes = cluster.consumeDistinctKeys(TOPICS.outcomes().name(),
                new StringDeserializer(), TOPICS.outcomes().valueSerde().deserializer(), DOCUMENTS,
                Duration.ofMinutes(4), Duration.ofSeconds(3));

        assertThat(outcomes.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                .isEqualTo(docs.keySet());
        assertThat(outcomes).as("exactly one outcome per document").hasSize(DOCUMENTS);
        assertThat(outcomes).extracting(r -> r.value().status()).containsOnly(OutcomeStatus.INDEXED);
        long chunks = outcomes.stream().mapToLong(r -> r.value().chunkCount()).sum();

        // B takes over A's partitions once A's session has expired (6 s): if A had finished its share before it was
        // killed, every outcome can be in before that. Then B's indexes hold every chunk exactly once.
        JsonNode stats = awaitPartitions(portB, b, 12);
        assertThat(stats.get("partitions").size()).isEqualTo(12);
        assertThat(stats.get("chunks").asLong()).isEqualTo(chunks);
        assertThat(stats.get("documents").asLong()).isEqualTo(DOCUMENTS);
        int i = 0;
        for (String id : docs.keySet()) {
            JsonNode hits = get(portB, "/api/search?mode=bm25&q=" + URLEncoder.encode("kv" + i + "q",
                    StandardCharsets.UTF_8)).get("hits");
            assertThat(hits.isEmpty()).as("document %d found", i).isFalse();
            assertThat(hits.get(0).get("documentId").asString()).isEqualTo(id);
            i++;
        }
    }

    /** The instance's stats once it owns {@code partitions} partitions (or the last ones seen, after 2 minutes). */
    private JsonNode awaitPartitions(int port, Process p, int partitions) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        JsonNode stats = get(port, "/api/stats");
        while (stats.get("partitions").size() < partitions && System.nanoTime() < deadline) {
            try {
                p.onExit().get(200, TimeUnit.MILLISECONDS); // returns early only if the process died
                throw new AssertionError("instance on port " + port + " died");
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                stats = get(port, "/api/stats");
            }
        }
        return stats;
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }
}
