package dev.sluice.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Unmeasured runs until the JIT has compiled what they exercise, as it has in a processor that has run for a while:
 * at least {@code min} runs, then until {@value #SETTLED_RUNS} runs in a row in which the JIT's threads were quiet,
 * at most {@code max} runs. Quiet has two measures:
 * <ul>
 *   <li>{@link #untilSettled}, for runs that keep the cores busy (the in-process model): at most
 *   {@value #SETTLED_PERCENT} % of the process's CPU went to the JIT;</li>
 *   <li>{@link #untilIdle}, for runs that mostly wait (the latency model, where the JIT is a large share of little
 *   CPU): the JIT used at most {@value #IDLE_CORE_PERCENT} % of one core over the run's wall time (why not
 *   less: docs/benchmarks.md, "Alone and as the last part of bench all").</li>
 * </ul>
 *
 * <p>Why: on 2 cores the compiler threads compete with the pipeline for minutes. After a single warm-up pair the
 * in-process pipeline still spent about a tenth of its CPU compiling Kafka's and Lucene's code, and ran that code
 * half compiled (docs/benchmarks.md, "Warm means compiled"); and a scenario measured after other benchmarks in the
 * same JVM came out faster than measured alone. The JIT's CPU is read from {@code /proc} ({@link CpuSplit}); where it
 * cannot be, it reads as 0 and {@code min} runs are made.
 */
final class JitWarmUp {
    static final int SETTLED_PERCENT = 4;
    static final int IDLE_CORE_PERCENT = 10;
    static final int SETTLED_RUNS = 2;

    /** One unmeasured run ({@code run} counts from 1); returns what to print about it. */
    @FunctionalInterface
    interface Run {
        String run(int run) throws Exception;
    }

    private JitWarmUp() {}

    /**
     * Makes the runs until the JIT's share of the CPU is small, printing a line about each to {@code out}; returns
     * the JIT's share of the CPU (%) in each.
     */
    static List<Double> untilSettled(int min, int max, Run run, PrintStream out) throws Exception {
        return warmUp(min, max, SETTLED_PERCENT, run, out, (jit, total, wall) -> total > 0 ? 100 * jit / total : 0,
                "of the CPU");
    }

    /**
     * Makes the runs until the JIT's threads are quiet over a run, printing a line about each to
     * {@code out}; returns the JIT's use of one core (%) in each.
     */
    static List<Double> untilIdle(int min, int max, Run run, PrintStream out) throws Exception {
        return warmUp(min, max, IDLE_CORE_PERCENT, run, out, (jit, total, wall) -> wall > 0 ? 100 * jit / wall : 0,
                "of a core");
    }

    @FunctionalInterface
    private interface Measure {
        double percent(double jitSeconds, double cpuSeconds, double wallSeconds);
    }

    private static List<Double> warmUp(int min, int max, int quietPercent, Run run, PrintStream out, Measure measure,
            String unit) throws Exception {
        List<Double> jitPercents = new ArrayList<>();
        int settled = 0;
        for (int n = 1; n <= max && (n <= min || settled < SETTLED_RUNS); n++) {
            CpuSplit before = CpuSplit.now();
            long start = System.nanoTime();
            String what = run.run(n);
            double wall = (System.nanoTime() - start) / 1e9;
            Map<CpuSplit.Part, Double> cpu = CpuSplit.now().since(before);
            double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
            double percent = measure.percent(cpu.get(CpuSplit.Part.JIT), total, wall);
            jitPercents.add(percent);
            settled = percent <= quietPercent ? settled + 1 : 0;
            out.printf(Locale.ROOT, "warm-up %d: %s, JIT %.0f %% %s%n", n, what, percent, unit);
        }
        return jitPercents;
    }
}
