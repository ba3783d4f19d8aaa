package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the gateway closes its Kafka producer: a gateway restarted inside one JVM (the all-in-one runner, the
 * benchmarks) must not leave producers behind that keep retrying against a broker.
 */
class GatewayShutdownIT {
    private static final String SECRET = "gateway-shutdown-test-secret-0123456789abcdef";

    @Test
    void shouldCloseItsKafkaProducerWhenTheContextCloses() throws Exception {
        Set<Thread> before = producerThreads();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0",
                "--sluice.gateway.api-secret=" + SECRET,
                "--sluice.gateway.webhook-secret=" + SECRET,
                // nobody listens there: the producer starts, tries to connect and keeps trying until closed
                "--sluice.gateway.bootstrap-servers=127.0.0.1:1",
                "--sluice.gateway.kafka-timeout=1s");
        Set<Thread> started;
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/documents"))
                    .header("Authorization", "Bearer " + SECRET).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"url\":\"https://docs.example.org/a\",\"text\":\"t\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            started = producerThreads();
            started.removeAll(before);
            assertThat(started).as("the producer's network thread").isNotEmpty();
        } finally {
            app.close();
        }
        // KafkaProducer.close joins its network thread, so it is gone once close() returned
        assertThat(started).noneMatch(Thread::isAlive);
    }

    private static Set<Thread> producerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kafka-producer-network-thread"))
                .collect(Collectors.toSet());
    }
}
