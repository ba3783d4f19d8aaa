package dev.sluice.benchmarks;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of measured values by the nearest-rank method (a reported value is always one that was measured). */
final class Percentiles {
    private Percentiles() {}

    /**
     * The {@code p}-th percentile (0 &lt; p ≤ 100) of {@code values}: the smallest value such that at least p % of the
     * values are at most it; NaN when there are none.
     */
    static double of(Collection<? extends Number> values, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The median: the middle value, or the mean of the two middle ones; NaN when there are none. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
