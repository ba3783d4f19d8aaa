package dev.sluice.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Messages written by version 1 of each format, kept verbatim: later versions of Sluice must still read them (a topic
 * keeps old records for its whole retention, and a DLQ replay reads them again).
 */
class GoldenMessagesTest {

    private static <T> T golden(String file, Class<T> type) throws IOException {
        try (InputStream in = GoldenMessagesTest.class.getResourceAsStream("/golden/v1/" + file)) {
            assertThat(in).as(file).isNotNull();
            return JsonSerde.of(type).deserialize("golden", in.readAllBytes());
        }
    }

    @Test
    void shouldReadDocumentEventV1() throws IOException {
        DocumentEvent event = golden("document-event.json", DocumentEvent.class);
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.documentId()).isEqualTo("4c1b3b2f6a0e4d0c9b0f1b5d0c7e2a91");
        assertThat(event.source()).isEqualTo(new DocumentSource(SourceKind.FIRECRAWL, "crawl-7f3a", "wh-0001"));
        assertThat(event.markdown()).startsWith("# Getting started");
        assertThat(event.metadata()).containsEntry("scrapeId", "scr-1");
    }

    @Test
    void shouldReadMinimalDocumentEventV1() throws IOException {
        DocumentEvent event = golden("document-event-minimal.json", DocumentEvent.class);
        assertThat(event.text()).isEqualTo("plain text body");
        assertThat(event.metadata()).isEmpty();
    }

    @Test
    void shouldReadIndexOutcomesV1() throws IOException {
        IndexOutcome indexed = golden("index-outcome-indexed.json", IndexOutcome.class);
        assertThat(indexed.status()).isEqualTo(OutcomeStatus.INDEXED);
        assertThat(indexed.timings().embeddingMs()).isEqualTo(410);
        IndexOutcome failed = golden("index-outcome-failed.json", IndexOutcome.class);
        assertThat(failed.error()).isEqualTo(new OutcomeError("EMPTY_CONTENT", Stage.CLEANING,
                "no text left after cleaning", false));
    }

    @Test
    void shouldReadCrawlEventV1() throws IOException {
        CrawlEvent event = golden("crawl-event-completed.json", CrawlEvent.class);
        assertThat(event.kind()).isEqualTo(CrawlEventKind.COMPLETED);
        assertThat(event.pages()).isEqualTo(new CrawlEvent.PageCounts(50, 48, 2));
    }
}
