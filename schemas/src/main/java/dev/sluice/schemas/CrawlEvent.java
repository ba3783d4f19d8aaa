package dev.sluice.schemas;

import java.time.Instant;

/**
 * A crawl lifecycle event: the value of {@code sluice.crawl-events}, keyed by job id.
 *
 * @param schemaVersion version of this message format
 * @param jobId         the crawler's job id
 * @param kind          what happened
 * @param sourceType    the event type as the crawler named it (e.g. {@code crawl.completed}), if any
 * @param eventId       the delivery id (Firecrawl's {@code webhookId}), if any; replays carry the same id
 * @param url           the job's base URL, or the failed page's URL for {@link CrawlEventKind#PAGE_FAILED}
 * @param pages         the page counts the crawler reported with this event, if any
 * @param error         the crawler's error message, if any
 * @param at            when Sluice received the event
 */
public record CrawlEvent(
        int schemaVersion,
        String jobId,
        CrawlEventKind kind,
        String sourceType,
        String eventId,
        String url,
        PageCounts pages,
        String error,
        Instant at) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public CrawlEvent {
        Fields.atLeast(schemaVersion, 1, "schemaVersion");
        Fields.requiredText(jobId, "jobId");
        Fields.required(kind, "kind");
        Fields.required(at, "at");
    }

    /**
     * Page counts as the crawler reports them; each is {@code null} when not reported.
     *
     * @param total     pages the job found
     * @param completed pages fetched successfully
     * @param failed    pages that could not be fetched
     */
    public record PageCounts(Integer total, Integer completed, Integer failed) {
        public PageCounts {
            if (total != null) Fields.atLeast(total, 0, "total");
            if (completed != null) Fields.atLeast(completed, 0, "completed");
            if (failed != null) Fields.atLeast(failed, 0, "failed");
        }
    }
}
