package dev.sluice.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Formats measured results as Markdown tables (printed and written to a file for docs/benchmarks.md) and the
 * one-line summary {@code bin/sluice bench reference} ends with.
 */
final class Report {
    static final String SLUICE = "sluice";
    static final String SEQUENTIAL = "sequential";
    static final String FOUR_AT_ONCE = "four_at_once";

    private Report() {}

    /**
     * Every scenario and configuration: throughput, latency (202 → outcome), batch sizes, CPU and heap, the speed-up
     * against both baselines of the same scenario measured in the same run ({@code baseline s / this s}), and the
     * old worker's modelled time where the model has one.
     */
    static String referenceTable(List<ScenarioResult> results) {
        StringBuilder t = new StringBuilder();
        t.append("| scenario | configuration | instances | documents | chunks a run | median s | docs/s "
                + "| latency p50 / p95 / p99 ms | batch size mean (max) | indexed / unchanged / failed / missing "
                + "| services busy | CPU s | peak heap MB | × sequential | × four-at-once | old model s |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            t.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.3f | %.1f | %.0f / %.0f / %.0f "
                            + "| %.1f (%d) | %s | %s | %.1f | %.0f | %s | %s | %s |%n",
                    r.scenario(), r.configuration(), r.instances(), r.documents(), r.chunksPerRun(), r.seconds(),
                    r.documentsPerSecond(), r.latencyPercentile(50), r.latencyPercentile(95),
                    r.latencyPercentile(99), r.meanBatchSize(), r.maxBatchSize(), r.outcomes().cells(),
                    r.usage().cells(), r.cpuSeconds(), r.peakHeapMb(), ratio(results, r, SEQUENTIAL),
                    ratio(results, r, FOUR_AT_ONCE), modelled(r)));
        }
        return t.toString();
    }

    /** {@code baseline's median / r's median} for the same scenario and instances, e.g. {@code 24.9×}; or "–". */
    static String ratio(List<ScenarioResult> results, ScenarioResult r, String baseline) {
        return find(results, r.scenario(), baseline, r.instances())
                .map(b -> String.format(Locale.ROOT, "%.1f×", b.seconds() / r.seconds())).orElse("–");
    }

    /** The old worker's modelled time, for its own document size: none for the extra row of small pages. */
    private static String modelled(ScenarioResult r) {
        if (r.scenario().equals(BenchRunner.SMALL_CRAWL)) {
            return "–";
        }
        OptionalDouble s = OldWorkerModel.seconds(r.configuration(), r.documents(), r.instances());
        return s.isPresent() ? String.format(Locale.ROOT, "%.2f", s.getAsDouble()) : "–";
    }

    static Optional<ScenarioResult> find(List<ScenarioResult> results, String scenario, String configuration,
            int instances) {
        return results.stream().filter(x -> x.scenario().equals(scenario) && x.configuration().equals(configuration)
                && x.instances() == instances).findFirst();
    }

    /**
     * The last line of {@code bin/sluice bench reference}: the crawl's median seconds in each configuration, the
     * chunks Sluice indexed in a crawl, and the documents that failed or went missing in any scenario.
     */
    static String finalLine(double sluiceSeconds, double sequentialSeconds, double fourAtOnceSeconds, long chunks,
            int failed) {
        return String.format(Locale.ROOT, "crawl50 sluice_s=%.3f sequential_s=%.3f four_at_once_s=%.3f chunks=%d "
                + "failed=%d", sluiceSeconds, sequentialSeconds, fourAtOnceSeconds, chunks, failed);
    }

    /** Throughput of each instance count and the ratio to one instance. */
    static String scalingTable(List<ScenarioResult> results) {
        StringBuilder t = new StringBuilder();
        t.append("| configuration | instances | documents | median s | docs/s | × 1 instance | latency p50 / p99 ms "
                + "| batch size mean (max) | indexed / unchanged / failed / missing | services busy | bound by "
                + "| CPU s |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            String ratio = find(results, r.scenario().replaceAll("-\\d+$", "-1"), r.configuration(), 1)
                    .map(one -> String.format(Locale.ROOT, "%.2f×", r.documentsPerSecond()
                            / one.documentsPerSecond())).orElse("–");
            t.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %.3f | %.1f | %s | %.0f / %.0f | %.1f (%d) | %s | %s | %s | %.1f |%n",
                    r.configuration(), r.instances(), r.documents(), r.seconds(), r.documentsPerSecond(), ratio,
                    r.latencyPercentile(50), r.latencyPercentile(99), r.meanBatchSize(), r.maxBatchSize(),
                    r.outcomes().cells(), r.usage().cells(), r.usage().boundBy(), r.cpuSeconds()));
        }
        return t.toString();
    }

    /**
     * One level of gateway load.
     *
     * @param connections concurrent keep-alive connections
     * @param requests    requests answered 202 in the measured window
     * @param errors      requests answered otherwise, or failed
     * @param seconds     the measured window
     * @param latencyMs   each 202's acknowledgement latency, ms
     */
    record LoadLevel(int connections, long requests, long errors, double seconds, List<Double> latencyMs) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /**
     * The gateway's acknowledgement rate and latency per closed-loop level: its capacity at that many connections,
     * against the rate half of the target (≥ 2,000 requests/s). A closed loop runs the gateway saturated, where the
     * latency is the queue of {@code connections} requests (Little's law: at least connections / rate); the latency
     * half of the target is judged at an offered rate, in {@link #pacedTable}.
     */
    static String gatewayTable(List<LoadLevel> levels) {
        StringBuilder t = new StringBuilder();
        t.append("| connections | requests/s | p50 ms | p99 ms | errors | capacity ≥ 2,000/s |\n");
        t.append("|---|---|---|---|---|---|\n");
        for (LoadLevel l : levels) {
            boolean met = l.requestsPerSecond() >= 2000 && l.errors() == 0;
            t.append(String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %d | %s |%n", l.connections(),
                    l.requestsPerSecond(), Percentiles.of(l.latencyMs(), 50), Percentiles.of(l.latencyMs(), 99),
                    l.errors(), met ? "met" : "not met"));
        }
        return t.toString();
    }

    /**
     * One level of paced gateway load.
     *
     * @param offeredPerSecond requests due per second
     * @param connections      keep-alive connections they were spread over
     * @param requests         requests due in the measured window and answered 202
     * @param errors           requests due in the window and answered otherwise, or failed
     * @param seconds          the measured window
     * @param latencyMs        each 202's latency from when its request was due, ms
     * @param serviceMs        each 202's latency from when its request went out, ms
     */
    record PacedLevel(int offeredPerSecond, int connections, long requests, long errors, double seconds,
            List<Double> latencyMs, List<Double> serviceMs) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        /** Whether it kept the target: answered what was offered, p99 ≤ 50 ms from when due, no errors. */
        boolean targetMet() {
            return offeredPerSecond >= 2000 && requestsPerSecond() >= 0.99 * offeredPerSecond
                    && Percentiles.of(latencyMs, 99) <= 50 && errors == 0;
        }
    }

    /** Latency at each offered rate, against the target (p99 ≤ 50 ms at ≥ 2,000 requests/s). */
    static String pacedTable(List<PacedLevel> levels) {
        StringBuilder t = new StringBuilder();
        t.append("| offered requests/s | connections | answered/s | p50 ms | p99 ms | p99.9 ms | max ms "
                + "| p99 from send ms | errors | target (p99 ≤ 50 ms at ≥ 2,000/s) |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (PacedLevel l : levels) {
            t.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %s |%n",
                    l.offeredPerSecond(), l.connections(), l.requestsPerSecond(), Percentiles.of(l.latencyMs(), 50),
                    Percentiles.of(l.latencyMs(), 99), Percentiles.of(l.latencyMs(), 99.9),
                    Percentiles.of(l.latencyMs(), 100), Percentiles.of(l.serviceMs(), 99), l.errors(),
                    l.offeredPerSecond() < 2000 ? "–" : l.targetMet() ? "met" : "not met"));
        }
        return t.toString();
    }
}
