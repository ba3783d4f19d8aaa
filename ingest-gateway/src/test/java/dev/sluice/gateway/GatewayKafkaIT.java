package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.embedded.FreePorts;
import dev.sluice.gateway.firecrawl.SignatureVerifier;
import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.CrawlEventKind;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.DocumentIds;
import dev.sluice.schemas.SourceKind;
import dev.sluice.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The gateway against a real broker: a 202 means the records are on the topic; no broker means a quick 503. */
@SpringBootTest(properties = {
        "sluice.gateway.webhook-secret=" + GatewayHttpTest.WEBHOOK_SECRET,
        "sluice.gateway.api-secret=" + GatewayHttpTest.API_SECRET,
        "sluice.gateway.kafka-timeout=2s"})
@AutoConfigureMockMvc
class GatewayKafkaIT {
    private static final SignatureVerifier SIGNER = new SignatureVerifier(GatewayHttpTest.WEBHOOK_SECRET);
    private static final Topics TOPICS = Topics.defaults();
    private static EmbeddedKafka kafka;

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("gateway-kafka-it");
        kafka = EmbeddedKafka.onFreePorts(dir).start();
        // Topics exist before producers come, as in production (the gateway never creates them).
        try (var admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPICS.documents().name(), 3,
                            (short) 1),
                    new org.apache.kafka.clients.admin.NewTopic(TOPICS.crawlEvents().name(), 3, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        registry.add("sluice.gateway.bootstrap-servers", kafka::bootstrapServers);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static String page(String webhookId, String url, String markdown) {
        return """
                {"success": true, "type": "crawl.page", "id": "crawl-1", "webhookId": "%s",
                 "data": [{"markdown": "%s", "html": "<h1>x</h1>",
                           "metadata": {"title": "T", "sourceURL": "%s", "url": "%s", "statusCode": 200,
                                        "language": "en", "scrapeId": "s-1"}}]}"""
                .formatted(webhookId, markdown, url, url);
    }

    private org.springframework.test.web.servlet.ResultActions postWebhook(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return mvc.perform(post("/api/webhook/firecrawl").contentType(MediaType.APPLICATION_JSON).content(bytes)
                .header(SignatureVerifier.HEADER, SIGNER.header(bytes)));
    }

    private static <V> List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("could not read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    @Test
    void shouldStoreAWebhookPageBeforeAnswering202AndDropARepeatedDelivery() throws Exception {
        String url = "https://docs.example.com/it/stored";
        String id = DocumentIds.fromUrl(url);
        postWebhook(page("wh-stored-1", url, "# Stored")).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.documentIds[0]").value(id));

        List<DocumentEvent> stored = readAll(TOPICS.documents().name()).stream()
                .filter(r -> r.key().equals(id))
                .map(r -> TOPICS.documents().valueSerde().deserializer().deserialize("t", r.value())).toList();
        assertThat(stored).singleElement().satisfies(d -> {
            assertThat(d.url()).isEqualTo(url);
            assertThat(d.markdown()).isEqualTo("# Stored");
            assertThat(d.source().kind()).isEqualTo(SourceKind.FIRECRAWL);
            assertThat(d.source().jobId()).isEqualTo("crawl-1");
            assertThat(d.source().eventId()).isEqualTo("wh-stored-1");
            assertThat(d.statusCode()).isEqualTo(200);
        });

        postWebhook(page("wh-stored-1", url, "# Stored")).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.duplicate").value(true));
        assertThat(readAll(TOPICS.documents().name()).stream().filter(r -> r.key().equals(id))).hasSize(1);
    }

    @Test
    void shouldWriteLifecycleEventsAndFailedPagesToCrawlEvents() throws Exception {
        postWebhook("{\"success\":true,\"type\":\"crawl.started\",\"id\":\"crawl-life\",\"webhookId\":\"wh-l1\"}")
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.crawlEvents").value(1));
        postWebhook("{\"success\":false,\"type\":\"crawl.page\",\"id\":\"crawl-life\",\"webhookId\":\"wh-l2\","
                + "\"error\":\"timeout\",\"data\":[{\"metadata\":{\"sourceURL\":\"https://e.com/slow\"}}]}")
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.accepted").doesNotExist());

        List<CrawlEvent> events = readAll(TOPICS.crawlEvents().name()).stream()
                .filter(r -> r.key().equals("crawl-life"))
                .map(r -> TOPICS.crawlEvents().valueSerde().deserializer().deserialize("t", r.value())).toList();
        assertThat(events).extracting(CrawlEvent::kind)
                .containsExactly(CrawlEventKind.STARTED, CrawlEventKind.PAGE_FAILED);
        assertThat(events.get(1).url()).isEqualTo("https://e.com/slow");
        assertThat(events.get(1).error()).isEqualTo("timeout");
    }

    @Test
    void shouldWriteATombstoneForADelete() throws Exception {
        String url = "https://docs.example.com/it/deleted";
        mvc.perform(delete("/api/documents").param("url", url)
                        .header("Authorization", "Bearer " + GatewayHttpTest.API_SECRET))
                .andExpect(status().isAccepted());
        assertThat(readAll(TOPICS.documents().name()).stream()
                .filter(r -> r.key().equals(DocumentIds.fromUrl(url))))
                .singleElement().satisfies(r -> assertThat(r.value()).isNull());
    }

    @Test
    void shouldAnswer503WhileTheBrokerIsGoneAnd202OnceItIsBack() throws Exception {
        String doc = "{\"url\":\"https://docs.example.com/it/outage\",\"text\":\"during an outage\"}";
        var request = post("/api/documents").contentType(MediaType.APPLICATION_JSON).content(doc)
                .header("Authorization", "Bearer " + GatewayHttpTest.API_SECRET);
        mvc.perform(request).andExpect(status().isAccepted());

        kafka.stop();
        try {
            long start = System.nanoTime();
            mvc.perform(request).andExpect(status().isServiceUnavailable())
                    .andExpect(header().exists("Retry-After"))
                    .andExpect(jsonPath("$.error").value("storage_unavailable"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            kafka.start();
        }

        mvc.perform(request).andExpect(status().isAccepted());
    }
}
