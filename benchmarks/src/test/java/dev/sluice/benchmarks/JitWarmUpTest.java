package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final List<Integer> runs = new ArrayList<>();

    @Test
    void shouldMakeExactlyTheRunsAskedForWhenMinimumAndMaximumAgree() throws Exception {
        List<Double> jit = JitWarmUp.untilSettled(3, 3, run -> {
            runs.add(run);
            return "run " + run;
        }, out);

        assertThat(runs).containsExactly(1, 2, 3);
        assertThat(jit).hasSize(3).allSatisfy(p -> assertThat(p).isBetween(0.0, 100.0));
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .hasSize(3)
                .first().asString().startsWith("warm-up 1: run 1, JIT ").endsWith(" % of the CPU");
    }

    @Test
    void shouldMakeNoRunWhenNoneIsAllowed() throws Exception {
        assertThat(JitWarmUp.untilSettled(0, 0, run -> {
            runs.add(run);
            return "";
        }, out)).isEmpty();
        assertThat(runs).isEmpty();
    }

    @Test
    void shouldStopAtTheMaximumWhateverTheJitDoes() throws Exception {
        JitWarmUp.untilSettled(1, 4, run -> {
            runs.add(run);
            return "";
        }, out);

        assertThat(runs).hasSizeBetween(JitWarmUp.SETTLED_RUNS, 4);
    }

    @Test
    void shouldMeasureRunsAgainstOneCoreOfWallTime() throws Exception {
        List<Double> jit = JitWarmUp.untilIdle(2, 6, run -> {
            runs.add(run);
            return "run " + run;
        }, out);

        assertThat(runs).hasSizeBetween(2, 6).startsWith(1, 2);
        assertThat(jit).hasSize(runs.size());
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .hasSize(runs.size())
                .allSatisfy(l -> assertThat(l).endsWith(" % of a core"));
    }
}
