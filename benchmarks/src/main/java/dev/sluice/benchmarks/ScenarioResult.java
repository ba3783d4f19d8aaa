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
 * @param latencyMs     every document of every run that got its outcome: 202 → outcome read, ms
 * @param batchSizes    every batch of every run: its documents
 * @param outcomes      the documents' outcomes over all runs
 * @param cpuSeconds    CPU time of the whole process over the runs (broker, gateway and models included)
 * @param peakHeapMb    peak heap of the whole process during the runs, MB
 * @param usage         how busy the modelled services were, over all runs
 */
record ScenarioResult(String scenario, String configuration, int instances, int documents, double[] runSeconds,
        List<Double> latencyMs, List<Integer> batchSizes, Outcomes outcomes, double cpuSeconds, double peakHeapMb,
        ServiceUsage usage) {

    /**
     * Documents by outcome, and chunks indexed.
     *
     * @param missing documents accepted (202) whose outcome never came within the run's time limit
     */
    record Outcomes(int indexed, int unchanged, int failed, int missing, long chunks) {
        static final Outcomes NONE = new Outcomes(0, 0, 0, 0, 0);

        Outcomes plus(Outcomes o) {
            return new Outcomes(indexed + o.indexed, unchanged + o.unchanged, failed + o.failed,
                    missing + o.missing, chunks + o.chunks);
        }

        /** Documents that did not end INDEXED or UNCHANGED: a benchmark with any has not measured what it says. */
        int lost() {
            return failed + missing;
        }

        /** {@code indexed / unchanged / failed / missing}, as the tables show it. */
        String cells() {
            return indexed + " / " + unchanged + " / " + failed + " / " + missing;
        }
    }

    /** The median run, in seconds. */
    double seconds() {
        return Percentiles.median(runSeconds);
    }

    /** Documents per second of the median run. */
    double documentsPerSecond() {
        return documents / seconds();
    }

    /** Chunks indexed per run. */
    double chunksPerRun() {
        return (double) outcomes.chunks() / runSeconds.length;
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
