package dev.sluice.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Unmeasured runs until the JIT has compiled what they exercise, as it has in a processor that has run for a while:
 * at least {@code min} runs, then until {@value #SETTLED_RUNS} runs in a row spent at most
 * {@value #SETTLED_PERCENT} % of the process's CPU in the JIT's threads, at most {@code max} runs.
 *
 * <p>Why: on 2 cores the compiler threads compete with the pipeline for minutes. After a single warm-up pair the
 * in-process pipeline still spent about a tenth of its CPU compiling Kafka's and Lucene's code, and ran that code
 * half compiled (docs/benchmarks.md, "Warm means compiled"). Meant for CPU-bound runs: in a run that mostly waits
 * (the latency model), the JIT is a large share of little CPU and the criterion is not met. The JIT's CPU is read
 * from {@code /proc} ({@link CpuSplit}); where it cannot be, it reads as 0 and {@code min} runs are made.
 */
final class JitWarmUp {
    static final int SETTLED_PERCENT = 4;
    static final int SETTLED_RUNS = 2;

    /** One unmeasured run ({@code run} counts from 1); returns what to print about it. */
    @FunctionalInterface
    interface Run {
        String run(int run) throws Exception;
    }

    private JitWarmUp() {}

    /** Makes the runs, printing a line about each to {@code out}; returns the JIT's share of the CPU (%) in each. */
    static List<Double> untilSettled(int min, int max, Run run, PrintStream out) throws Exception {
        List<Double> jitPercents = new ArrayList<>();
        int settled = 0;
        for (int n = 1; n <= max && (n <= min || settled < SETTLED_RUNS); n++) {
            CpuSplit before = CpuSplit.now();
            String what = run.run(n);
            Map<CpuSplit.Part, Double> cpu = CpuSplit.now().since(before);
            double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
            double percent = total > 0 ? 100 * cpu.get(CpuSplit.Part.JIT) / total : 0;
            jitPercents.add(percent);
            settled = percent <= SETTLED_PERCENT ? settled + 1 : 0;
            out.printf(Locale.ROOT, "warm-up %d: %s, JIT %.0f %% of the CPU%n", n, what, percent);
        }
        return jitPercents;
    }
}
