package dev.sluice.processor.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.metrics.CrawlFact;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.DocumentSource;
import dev.sluice.schemas.SourceKind;
import dev.sluice.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DocumentJobReaderTest {
    private static byte[] json(DocumentEvent d) {
        return Topics.defaults().documents().valueSerde().serializer().serialize("t", d);
    }

    @Test
    void shouldReadTheJobAndIdsOfACrawledPage() {
        Instant at = Instant.parse("2026-05-01T10:00:00Z");
        DocumentEvent d = DocumentEvent.builder("https://docs.example.com/a").markdown("# big\n\n" + "x".repeat(100_000))
                .metadata(java.util.Map.of("nested", java.util.Map.of("jobId", "not-this-one")))
                .source(new DocumentSource(SourceKind.FIRECRAWL, "job-9", "wh-1")).receivedAt(at).build();

        CrawlFact.PageReceived page = DocumentJobReader.read(json(d)).orElseThrow();

        assertThat(page).isEqualTo(new CrawlFact.PageReceived("job-9", d.documentId(), d.url(), at));
    }

    @Test
    void shouldIgnoreDocumentsWithoutAJobAndUnreadableValues() {
        assertThat(DocumentJobReader.read(json(DocumentEvent.builder("https://x.example.com/").text("t").build())))
                .isEmpty();
        assertThat(DocumentJobReader.read("{not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(DocumentJobReader.read("[1,2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(DocumentJobReader.read(null)).isEmpty();
    }
}
