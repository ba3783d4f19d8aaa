package dev.sluice.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Valid messages of every type, with every field set. */
final class Samples {
    static final Instant AT = Instant.parse("2026-11-29T12:00:00.123Z");

    private Samples() {}

    static DocumentEvent document() {
        return DocumentEvent.builder("https://docs.example.com/guide/install?utm_source=news")
                .title("Install")
                .description("How to install")
                .markdown("# Install\n\nRun the installer.")
                .html("<h1>Install</h1><p>Run the installer.</p>")
                .language("en")
                .contentType("text/html")
                .statusCode(200)
                .metadata(Map.of("scrapeId", "s-1", "ogTags", List.of("a", "b"), "depth", 2))
                .source(new DocumentSource(SourceKind.FIRECRAWL, "job-1", "wh-1"))
                .receivedAt(AT)
                .build();
    }

    static IndexOutcome indexed() {
        return new IndexOutcome(1, "doc-1", "https://example.com/a", OutcomeStatus.INDEXED, 12, "ab12", "batch-1", 1,
                new StageTimings(1, 2, 30, 4, 5, 42), null, "job-1", AT);
    }

    static IndexOutcome failed() {
        return new IndexOutcome(1, "doc-2", "https://example.com/b", OutcomeStatus.FAILED, 0, null, "batch-1", 3,
                StageTimings.NONE, new OutcomeError("EMBEDDING_UNAVAILABLE", Stage.EMBEDDING, "TEI answered 503", true),
                null, AT);
    }

    static CrawlEvent crawlCompleted() {
        return new CrawlEvent(1, "job-1", CrawlEventKind.COMPLETED, "crawl.completed", "wh-9", "https://example.com",
                new CrawlEvent.PageCounts(50, 49, 1), null, AT);
    }
}
