package dev.sluice.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a crawl (or batch scrape) job. */
public enum CrawlEventKind {
    @JsonProperty("started") STARTED,
    /** One page of the job could not be fetched by the crawler ({@code success: false} page event). */
    @JsonProperty("page_failed") PAGE_FAILED,
    @JsonProperty("completed") COMPLETED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("cancelled") CANCELLED
}
