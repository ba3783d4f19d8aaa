package dev.sluice.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * Figures of the last hours.
 *
 * @param since           start of the window
 * @param totalOperations rows in the window
 * @param firstAt         the oldest row in the window, or {@code null}
 * @param lastAt          the newest row in the window, or {@code null}
 * @param byType          figures per {@code operation_type}
 */
public record OperationsSummary(Instant since, long totalOperations, Instant firstAt, Instant lastAt,
        Map<String, TypeStatistics> byType) {}
