package dev.sluice.metrics;

import java.time.Instant;

/**
 * What is known about one crawl job (a row of {@code webhook.crawl_sessions}).
 *
 * @param status          {@code running} until the crawler says {@code completed}, {@code failed} or
 *                        {@code cancelled}
 * @param pagesReceived   pages known for the job: its documents, their outcomes and the pages the crawler failed
 * @param pagesPending    received pages without an outcome yet
 * @param crawlerTotal    pages the crawler reported in its final event, or {@code null}
 * @param stageMs         time spent per stage over all pages, in milliseconds
 * @param endToEndMs      from the start (or the first page) to the later of the crawler's end and the last outcome;
 *                        {@code null} until the crawler has finished and every page has its outcome
 */
public record CrawlSession(String jobId, String baseUrl, String status, Instant startedAt, Instant completedAt,
        Instant firstPageAt, Instant lastOutcomeAt, int pagesReceived, int pagesIndexed, int pagesUnchanged,
        int pagesFailed, int pagesPending, Integer crawlerTotal, Integer crawlerCompleted, Integer crawlerFailed,
        StageTotals stageMs, Long endToEndMs, String error, Instant updatedAt) {

    /** Milliseconds per stage, summed over the job's pages. */
    public record StageTotals(long cleaning, long chunking, long embedding, long vectorUpsert, long bm25) {}

    /** Whether the crawler has finished and every page has its outcome. */
    public boolean settled() {
        return !"running".equals(status) && pagesPending == 0;
    }
}
