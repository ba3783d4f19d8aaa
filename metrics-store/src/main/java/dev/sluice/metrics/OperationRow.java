package dev.sluice.metrics;

import java.time.Instant;

/**
 * A stored row of {@code webhook.operation_metrics}, as the metrics API lists it.
 *
 * @param extraMetadataJson the jsonb column as JSON text, or {@code null}
 */
public record OperationRow(long id, Instant timestamp, String operationType, String operationName, Double durationMs,
        boolean success, String errorMessage, String documentUrl, String jobId, String crawlId,
        String extraMetadataJson, String batchId, Integer kafkaPartition, Integer attempt) {}
