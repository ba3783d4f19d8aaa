package dev.sluice.testkit;

import java.util.List;

/**
 * The monitoring contract operators' dashboards rely on (shared/reference/seed-scenario.md), and the figures
 * PostgreSQL must compute from known rows — one definition for every module that checks it.
 */
public final class MonitoringContract {
    /** The dashboards' query, exactly as operators run it: it must run unchanged. */
    public static final String DASHBOARD_QUERY = """
            SELECT COUNT(*) AS total_batches, AVG(duration_ms) AS avg_batch_time,
              PERCENTILE_CONT(0.50) WITHIN GROUP (ORDER BY duration_ms) AS p50,
              PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
              PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
            FROM webhook.operation_metrics
            WHERE operation_type = 'batch_processing' AND timestamp > NOW() - INTERVAL '1 hour';
            """;

    private MonitoringContract() {}

    /** What {@code PERCENTILE_CONT(p)} gives: linear interpolation between the closest ranks. */
    public static double percentileCont(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /** What {@code AVG} gives. */
    public static double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
