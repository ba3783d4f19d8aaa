package dev.sluice.benchmarks;

import java.util.List;

/**
 * One scenario measured in one configuration.
 *
 * @param scenario      e.g. {@code crawl50}, {@code batch-8}, {@code instances-2}
 * @param configuration the profile's label ({@code sluice}, {@code sequential}, {@code four_at_once})
 * @param instances     processor instances
 * @param documents     documents per run
 * @param runSeconds    each run's time from the first request to the last outcome
 * @param latencyMs     every document of every run: 202 → outcome read, ms
 * @param batchSizes    every batch of every run: its documents
 * @param failed        documents whose outcome was not INDEXED, over all runs
 * @param cpuSeconds    CPU time of the whole process over the runs (broker, gateway and models included)
 * @param peakHeapMb    peak heap of the whole process during the runs, MB
 */
record ScenarioResult(String scenario, String configuration, int instances, int documents, double[] runSeconds,
        List<Double> latencyMs, List<Integer> batchSizes, int failed, double cpuSeconds, double peakHeapMb) {

    /** The median run, in seconds. */
    double seconds() {
        return Percentiles.median(runSeconds);
    }

    /** Documents per second of the median run. */
    double documentsPerSecond() {
        return documents / seconds();
    }

    double latencyPercentile(double p) {
        return Percentiles.of(latencyMs, p);
    }

    double meanBatchSize() {
        return batchSizes.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }

    int maxBatchSize() {
        return batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
