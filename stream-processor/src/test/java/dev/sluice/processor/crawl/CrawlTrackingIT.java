package dev.sluice.processor.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.metrics.CrawlSession;
import dev.sluice.metrics.CrawlSessions;
import dev.sluice.metrics.CrawlTracker;
import dev.sluice.metrics.MetricsDatabase;
import dev.sluice.metrics.MetricsStoreConfig;
import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.CrawlEventKind;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.DocumentSource;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.SourceKind;
import dev.sluice.schemas.StageTimings;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.FreshDatabase;
import dev.sluice.testkit.KafkaCluster;
import dev.sluice.testkit.WithKafka;
import dev.sluice.testkit.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The crawl tracker on a real broker and a real PostgreSQL: lifecycle events, the job's documents and their outcomes
 * give the session's counts; a second tracker reading every topic again from the start changes nothing.
 */
@WithKafka
@WithPostgres
class CrawlTrackingIT {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void shouldCountTheCrawlAndStayTheSameWhenEverythingIsReadAgain(KafkaCluster kafka, FreshDatabase db)
            throws Exception {
        Topics topics = Topics.withNames(Map.of("documents", kafka.uniqueTopic("docs"),
                "outcomes", kafka.uniqueTopic("outcomes"), "crawl-events", kafka.uniqueTopic("crawl")));
        kafka.createTopics(3, topics.documents().name(), topics.outcomes().name(), topics.crawlEvents().name());
        String job = "job-" + kafka.uniqueTopic("x");

        List<ProducerRecord<String, DocumentEvent>> documents = new ArrayList<>();
        List<ProducerRecord<String, IndexOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            DocumentEvent d = DocumentEvent.builder("https://docs.example.com/p/" + i).markdown("page " + i)
                    .source(new DocumentSource(SourceKind.FIRECRAWL, job, "wh-" + i)).receivedAt(T0.plusSeconds(i))
                    .build();
            documents.add(new ProducerRecord<>(topics.documents().name(), d.documentId(), d));
            OutcomeStatus status = i == 5 ? OutcomeStatus.UNCHANGED : OutcomeStatus.INDEXED;
            outcomes.add(new ProducerRecord<>(topics.outcomes().name(), d.documentId(), new IndexOutcome(1,
                    d.documentId(), d.url(), status, 1, "h", "p0-o" + i, 1, new StageTimings(1, 2, 3, 4, 5, 15),
                    null, job, T0.plusSeconds(10 + i))));
        }
        // a document of no job: read, not counted
        DocumentEvent other = DocumentEvent.builder("https://other.example.com/").markdown("x").build();
        documents.add(new ProducerRecord<>(topics.documents().name(), other.documentId(), other));
        List<ProducerRecord<String, CrawlEvent>> events = List.of(
                new ProducerRecord<>(topics.crawlEvents().name(), job, new CrawlEvent(1, job, CrawlEventKind.STARTED,
                        "crawl.started", "wh-s", "https://docs.example.com", null, null, T0)),
                new ProducerRecord<>(topics.crawlEvents().name(), job, new CrawlEvent(1, job,
                        CrawlEventKind.PAGE_FAILED, "crawl.page", "wh-f", "https://docs.example.com/missing", null,
                        "404", T0.plusSeconds(7))),
                new ProducerRecord<>(topics.crawlEvents().name(), job, new CrawlEvent(1, job,
                        CrawlEventKind.COMPLETED, "crawl.completed", "wh-c", null,
                        new CrawlEvent.PageCounts(7, 6, 1), null, T0.plusSeconds(20))));
        kafka.produce(new StringSerializer(), topics.documents().valueSerde().serializer(), documents);
        kafka.produce(new StringSerializer(), topics.crawlEvents().valueSerde().serializer(), events);
        kafka.produce(new StringSerializer(), topics.outcomes().valueSerde().serializer(), outcomes);

        MetricsStoreConfig config = MetricsStoreConfig.of(db.jdbcUrl(), db.user(), db.password());
        try (MetricsDatabase database = MetricsDatabase.open(config, "test")) {
            CrawlSessions sessions = new CrawlSessions(database);
            CrawlSession first;
            try (CrawlTrackingConsumer tracker = new CrawlTrackingConsumer(kafka.bootstrapServers(), "tracker-1",
                    Map.of(), topics, new CrawlTracker(database), Duration.ofSeconds(1)).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> sessions.find(job)
                        .map(CrawlSession::settled).orElse(false));
                first = sessions.find(job).orElseThrow();
            }
            assertThat(first.pagesReceived()).isEqualTo(7);
            assertThat(first.pagesIndexed()).isEqualTo(5);
            assertThat(first.pagesUnchanged()).isEqualTo(1);
            assertThat(first.pagesFailed()).isEqualTo(1);
            assertThat(first.pagesIndexed() + first.pagesUnchanged() + first.pagesFailed())
                    .isEqualTo(first.pagesReceived());
            assertThat(first.status()).isEqualTo("completed");
            assertThat(first.baseUrl()).isEqualTo("https://docs.example.com");
            assertThat(first.endToEndMs()).isEqualTo(20_000);
            assertThat(first.stageMs().embedding()).isEqualTo(6 * 3);

            // A new group reads all three topics from the beginning: every fact is applied a second time.
            try (CrawlTrackingConsumer replay = new CrawlTrackingConsumer(kafka.bootstrapServers(), "tracker-2",
                    Map.of(), topics, new CrawlTracker(database), Duration.ofSeconds(1)).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> replay.applied() == 6 + 3 + 6);
            }
            assertThat(sessions.find(job).orElseThrow()).usingRecursiveComparison().ignoringFields("updatedAt")
                    .isEqualTo(first);
        }
    }
}
