package dev.sluice.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code webhook.operation_metrics}.
 *
 * @param timestamp      when the operation ended
 * @param operationType  {@code batch_processing}, {@code document_indexing}, or a stage: {@code cleaning},
 *                       {@code chunking}, {@code embedding}, {@code vector_upsert}, {@code bm25}
 * @param operationName  finer name within the type (the outcome of a document, the stage of a stage row)
 * @param durationMs     how long it took, in milliseconds
 * @param success        whether it succeeded
 * @param errorMessage   why it failed, or {@code null}; never document content
 * @param documentUrl    the document's URL, or {@code null}
 * @param jobId          the job the document belongs to (Firecrawl's crawl or batch-scrape job), or {@code null}
 * @param crawlId        the crawl the document belongs to (the same job id for crawls), or {@code null}
 * @param extraMetadata  anything else, stored as jsonb; may be empty
 * @param batchId        the batch, or {@code null}
 * @param kafkaPartition the input partition, or {@code null}
 * @param attempt        indexing attempts (for a batch: the most any of its documents needed), or {@code null}
 */
public record OperationMetric(
        Instant timestamp,
        String operationType,
        String operationName,
        double durationMs,
        boolean success,
        String errorMessage,
        String documentUrl,
        String jobId,
        String crawlId,
        Map<String, Object> extraMetadata,
        String batchId,
        Integer kafkaPartition,
        Integer attempt) {

    public OperationMetric {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(operationType, "operationType");
        extraMetadata = extraMetadata == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(extraMetadata));
    }
}
