package dev.sluice.gateway.web;

import dev.sluice.gateway.metrics.MetricsBackend;
import dev.sluice.gateway.metrics.MetricsJson;
import dev.sluice.gateway.metrics.MetricsParameters;
import dev.sluice.metrics.OperationsFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The metrics API (bearer token), read from PostgreSQL: {@code GET /api/metrics/operations} (rows of
 * {@code webhook.operation_metrics} and figures by type, as the old worker's dashboards read them),
 * {@code GET /api/metrics/summary} and {@code GET /api/crawls/{jobId}}.
 */
@Tag(name = "metrics", description = "Operation metrics and crawl tracking, read from PostgreSQL, with the bearer "
        + "token.")
@RestController
public class MetricsController {
    static final String UNAVAILABLE = "No PostgreSQL is configured for the gateway (`sluice.jdbc-url`), or it did not "
            + "answer (`metrics_unavailable`); in the second case, retry after `Retry-After` seconds.";
    static final String BAD_PARAMETER = "A parameter has an invalid value (`invalid_parameter`, `field` naming it).";

    private final MetricsBackend backend;

    public MetricsController(MetricsBackend backend) {
        this.backend = backend;
    }

    @Operation(summary = "List operation metrics",
            description = "Rows of `webhook.operation_metrics`, newest first: `batch_processing` (one per batch), "
                    + "`document_indexing` (one per document) and one per stage a document went through (`cleaning`, "
                    + "`chunking`, `embedding`, `vector_upsert`, `bm25`); plus, under `operations_by_type`, the "
                    + "figures of every type over the last `hours` hours.",
            security = @SecurityRequirement(name = ApiDocs.BEARER))
    @ApiResponse(responseCode = "200", description = "The page of rows and the figures.")
    @ApiResponse(responseCode = "400", description = BAD_PARAMETER)
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = HttpHeaders.RETRY_AFTER,
            description = "seconds; when PostgreSQL did not answer", schema = @Schema(type = "integer")))
    @GetMapping(path = "/api/metrics/operations", produces = MediaType.APPLICATION_JSON_VALUE)
    public MetricsJson.Operations operations(
            @Parameter(name = "operation_type", description = "only this type, such as batch_processing "
                    + "(lower-case letters, digits, '_')") @RequestParam(name = "operation_type", required = false)
            String operationType,
            @Parameter(name = "operation_name", description = "only this name (a document's outcome: indexed, "
                    + "unchanged, deleted, failed)") @RequestParam(name = "operation_name", required = false)
            String operationName,
            @Parameter(name = "document_url", description = "only rows of this document URL, exactly")
            @RequestParam(name = "document_url", required = false) String documentUrl,
            @Parameter(description = "only successes (true) or failures (false)",
                    schema = @Schema(type = "boolean")) @RequestParam(required = false) String success,
            @Parameter(description = "only the last this many hours", schema = @Schema(type = "integer",
                    minimum = "1", maximum = "8760", defaultValue = "24")) @RequestParam(required = false)
            String hours,
            @Parameter(description = "rows per page", schema = @Schema(type = "integer", minimum = "1",
                    maximum = "1000", defaultValue = "100")) @RequestParam(required = false) String limit,
            @Parameter(description = "rows to skip", schema = @Schema(type = "integer", minimum = "0",
                    maximum = "1000000", defaultValue = "0")) @RequestParam(required = false) String offset) {
        OperationsFilter filter = MetricsParameters.operations(operationType, operationName, documentUrl, success,
                hours, limit, offset);
        return MetricsJson.Operations.of(backend.operations(filter), filter.limit(), filter.offset(), filter.hours());
    }

    @Operation(summary = "Summarise the last hours",
            description = "How many operations of each type, their success rate and durations (average, p50, p95, "
                    + "p99) over the last `hours` hours.",
            security = @SecurityRequirement(name = ApiDocs.BEARER))
    @ApiResponse(responseCode = "200", description = "The figures.")
    @ApiResponse(responseCode = "400", description = BAD_PARAMETER)
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = HttpHeaders.RETRY_AFTER,
            description = "seconds; when PostgreSQL did not answer", schema = @Schema(type = "integer")))
    @GetMapping(path = "/api/metrics/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    public MetricsJson.Summary summary(
            @Parameter(description = "the window, in hours", schema = @Schema(type = "integer", minimum = "1",
                    maximum = "8760", defaultValue = "24")) @RequestParam(required = false) String hours) {
        int h = MetricsParameters.hours(hours);
        return MetricsJson.Summary.of(backend.summary(h), h);
    }

    @Operation(summary = "Show a crawl",
            description = "Pages received, indexed, unchanged and failed, time per stage and durations of one crawl "
                    + "(or batch scrape) job, from its lifecycle events, its documents and their outcomes.",
            security = @SecurityRequirement(name = ApiDocs.BEARER))
    @ApiResponse(responseCode = "200", description = "The crawl.")
    @ApiResponse(responseCode = "400", description = BAD_PARAMETER)
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "404", description = "Nothing is known of this job (`not_found`).")
    @ApiResponse(responseCode = "503", description = UNAVAILABLE, headers = @Header(name = HttpHeaders.RETRY_AFTER,
            description = "seconds; when PostgreSQL did not answer", schema = @Schema(type = "integer")))
    @GetMapping(path = "/api/crawls/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public MetricsJson.Crawl crawl(
            @Parameter(description = "the crawler's job id") @PathVariable String jobId) {
        String id = MetricsParameters.jobId(jobId);
        return backend.crawl(id).map(MetricsJson.Crawl::of).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "not_found", "no crawl with this job id is known", "jobId"));
    }
}
