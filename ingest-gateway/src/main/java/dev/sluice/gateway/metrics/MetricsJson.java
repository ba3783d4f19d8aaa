package dev.sluice.gateway.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.metrics.CrawlSession;
import dev.sluice.metrics.OperationRow;
import dev.sluice.metrics.OperationsPage;
import dev.sluice.metrics.OperationsSummary;
import dev.sluice.metrics.TypeStatistics;
import dev.sluice.schemas.Json;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics API's JSON answers, in the snake_case shape the old worker's dashboards read
 * ({@code .operations_by_type.batch_processing.avg_duration_ms}, ...). Durations in milliseconds.
 */
public final class MetricsJson {
    private MetricsJson() {}

    @Schema(name = "OperationsResponse", description = "Operation rows, newest first, and the figures of every "
            + "operation type over the last `hours` hours.")
    public record Operations(
            @Schema(description = "the rows of this page") List<Operation> metrics,
            @Schema(description = "rows matching the filters, over all pages") long total,
            int limit,
            int offset,
            int hours,
            @JsonProperty("operations_by_type")
            @Schema(description = "by operation_type; over the time window only (the other filters do not apply), so "
                    + "every type is there whichever is listed") Map<String, TypeFigures> operationsByType) {

        public static Operations of(OperationsPage page, int limit, int offset, int hours) {
            return new Operations(page.rows().stream().map(Operation::of).toList(), page.total(), limit, offset, hours,
                    figures(page.byType()));
        }
    }

    @Schema(name = "Operation", description = "One row of webhook.operation_metrics.")
    public record Operation(
            long id,
            Instant timestamp,
            @JsonProperty("operation_type") @Schema(example = "batch_processing") String operationType,
            @JsonProperty("operation_name") String operationName,
            @JsonProperty("duration_ms") Double durationMs,
            boolean success,
            @JsonProperty("error_message") String errorMessage,
            @JsonProperty("document_url") String documentUrl,
            @JsonProperty("job_id") String jobId,
            @JsonProperty("crawl_id") String crawlId,
            @JsonProperty("batch_id") String batchId,
            @JsonProperty("kafka_partition") Integer kafkaPartition,
            Integer attempt,
            @JsonProperty("extra_metadata") Map<String, Object> extraMetadata) {

        @SuppressWarnings("unchecked")
        static Operation of(OperationRow r) {
            Map<String, Object> extra = r.extraMetadataJson() == null ? null
                    : Json.mapper().readValue(r.extraMetadataJson(), Map.class);
            return new Operation(r.id(), r.timestamp(), r.operationType(), r.operationName(), r.durationMs(),
                    r.success(), r.errorMessage(), r.documentUrl(), r.jobId(), r.crawlId(), r.batchId(),
                    r.kafkaPartition(), r.attempt(), extra);
        }
    }

    @Schema(name = "TypeFigures", description = "Figures of one operation type. Percentiles are PERCENTILE_CONT "
            + "(interpolated); averages and percentiles are null when no row has a duration.")
    public record TypeFigures(
            long total,
            @JsonProperty("success_count") long successCount,
            @JsonProperty("failure_count") long failureCount,
            @JsonProperty("success_rate") @Schema(description = "from 0 to 1") double successRate,
            @JsonProperty("avg_duration_ms") Double avgDurationMs,
            @JsonProperty("p50_ms") Double p50Ms,
            @JsonProperty("p95_ms") Double p95Ms,
            @JsonProperty("p99_ms") Double p99Ms) {

        static TypeFigures of(TypeStatistics s) {
            return new TypeFigures(s.total(), s.successCount(), s.failureCount(), s.successRate(), s.avgDurationMs(),
                    s.p50Ms(), s.p95Ms(), s.p99Ms());
        }
    }

    @Schema(name = "MetricsSummary", description = "Figures of the last `hours` hours.")
    public record Summary(
            int hours,
            Instant since,
            @JsonProperty("total_operations") long totalOperations,
            @JsonProperty("first_at") Instant firstAt,
            @JsonProperty("last_at") Instant lastAt,
            @JsonProperty("operations_by_type") Map<String, TypeFigures> operationsByType) {

        public static Summary of(OperationsSummary s, int hours) {
            return new Summary(hours, s.since(), s.totalOperations(), s.firstAt(), s.lastAt(), figures(s.byType()));
        }
    }

    @Schema(name = "Crawl", description = "A crawl job as Sluice saw it: pages received and their outcomes, time per "
            + "stage, durations. Once the crawler has finished and every page has its outcome (`settled`), "
            + "indexed + unchanged + failed = received.")
    public record Crawl(
            @JsonProperty("job_id") String jobId,
            @JsonProperty("base_url") String baseUrl,
            @Schema(allowableValues = {"running", "completed", "failed", "cancelled"}) String status,
            @Schema(description = "the crawler has finished and every page has its outcome") boolean settled,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("completed_at") @Schema(description = "when the crawler said it finished")
            Instant completedAt,
            @JsonProperty("first_page_at") Instant firstPageAt,
            @JsonProperty("last_outcome_at") Instant lastOutcomeAt,
            @JsonProperty("updated_at") Instant updatedAt,
            Pages pages,
            @JsonProperty("crawler_pages") @Schema(description = "as the crawler reported them at the end, if it did")
            CrawlerPages crawlerPages,
            @JsonProperty("stage_ms") @Schema(description = "milliseconds per stage over all pages") Stages stageMs,
            @JsonProperty("end_to_end_ms") @Schema(description = "from the start (or first page) to the later of the "
                    + "crawler's end and the last outcome; null until settled") Long endToEndMs,
            String error) {

        public static Crawl of(CrawlSession s) {
            CrawlSession.StageTotals t = s.stageMs();
            return new Crawl(s.jobId(), s.baseUrl(), s.status(), s.settled(), s.startedAt(), s.completedAt(),
                    s.firstPageAt(), s.lastOutcomeAt(), s.updatedAt(),
                    new Pages(s.pagesReceived(), s.pagesIndexed(), s.pagesUnchanged(), s.pagesFailed(),
                            s.pagesPending()),
                    new CrawlerPages(s.crawlerTotal(), s.crawlerCompleted(), s.crawlerFailed()),
                    new Stages(t.cleaning(), t.chunking(), t.embedding(), t.vectorUpsert(), t.bm25()),
                    s.endToEndMs(), s.error());
        }
    }

    @Schema(name = "CrawlPages")
    public record Pages(int received, int indexed, int unchanged, int failed,
            @Schema(description = "received without an outcome yet") int pending) {}

    @Schema(name = "CrawlerPages")
    public record CrawlerPages(Integer total, Integer completed, Integer failed) {}

    @Schema(name = "CrawlStages")
    public record Stages(long cleaning, long chunking, long embedding,
            @JsonProperty("vector_upsert") long vectorUpsert, long bm25) {}

    private static Map<String, TypeFigures> figures(Map<String, TypeStatistics> byType) {
        Map<String, TypeFigures> out = new LinkedHashMap<>();
        byType.forEach((type, s) -> out.put(type, TypeFigures.of(s)));
        return out;
    }
}
