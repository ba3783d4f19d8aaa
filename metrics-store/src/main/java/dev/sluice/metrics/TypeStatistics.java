package dev.sluice.metrics;

/**
 * Figures of one {@code operation_type} over a time window. Durations in milliseconds; percentiles are
 * {@code PERCENTILE_CONT} (interpolated), as in the dashboards' own query. Averages and percentiles are {@code null}
 * when no row has a duration.
 *
 * @param successRate successes / total, from 0 to 1
 */
public record TypeStatistics(long total, long successCount, long failureCount, double successRate,
        Double avgDurationMs, Double p50Ms, Double p95Ms, Double p99Ms) {}
