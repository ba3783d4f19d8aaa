package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedThroughputTest {
    private static final long MS = 1_000_000;
    /** 10 units/ms in all, 4 units/ms for one request: 2.5 requests use it fully. */
    private final SharedThroughput server = new SharedThroughput(10, 4);

    /** Advances to each job's finish as a waiting thread would, and returns when each finished, ms after 0. */
    private static double finishMs(SharedThroughput server, SharedThroughput.Job job, long nowNanos) {
        long now = nowNanos;
        long wait;
        while ((wait = server.nanosUntilDone(job, now)) > 0) {
            now += wait;
        }
        return job.doneNanos() / 1e6;
    }

    @Test
    void shouldServeOneRequestAloneAtItsOwnSpeed() {
        SharedThroughput.Job job = server.admit(400, 0);
        assertThat(finishMs(server, job, 0)).isCloseTo(100, within(0.01));
    }

    @Test
    void shouldShareTheTotalThroughputBetweenRequestsInService() {
        List<SharedThroughput.Job> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(server.admit(400, 0));
        }
        // 1,600 units at 10 a ms: all four finish together after 160 ms, not 100
        for (SharedThroughput.Job job : jobs) {
            assertThat(finishMs(server, job, 0)).isCloseTo(160, within(0.01));
        }
        assertThat(server.inService(161 * MS)).isZero();
    }

    @Test
    void shouldNotGiveTwoRequestsMoreThanTheirOwnSpeed() {
        SharedThroughput.Job a = server.admit(400, 0);
        SharedThroughput.Job b = server.admit(400, 0);
        // two at 4 a ms use 8 of the 10: each as fast as alone
        assertThat(finishMs(server, a, 0)).isCloseTo(100, within(0.01));
        assertThat(finishMs(server, b, 0)).isCloseTo(100, within(0.01));
    }

    @Test
    void shouldSlowARequestDownWhileOthersArriveAndSpeedItUpWhenTheyLeave() {
        SharedThroughput.Job first = server.admit(400, 0);
        // 50 ms alone at 4/ms: 200 done; then 4 more arrive with 50 units each: 5 share 10/ms, 2 each
        List<SharedThroughput.Job> small = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            small.add(server.admit(50, 50 * MS));
        }
        // the small ones finish after 25 ms at 2/ms; the first has 150 left, alone again at 4/ms: 37.5 ms more
        assertThat(finishMs(server, small.getFirst(), 50 * MS)).isCloseTo(75, within(0.01));
        assertThat(finishMs(server, first, 75 * MS)).isCloseTo(112.5, within(0.01));
    }

    @Test
    void shouldStartAfreshOnceEmptyAndCountTheWorkServed() {
        finishMs(server, server.admit(400, 0), 0);
        SharedThroughput.Job later = server.admit(40, 1_000 * MS);
        assertThat(finishMs(server, later, 1_000 * MS)).isCloseTo(1_010, within(0.01));
        assertThat(server.admit(0, 2_000 * MS).done()).isTrue();
        assertThat(server.drainServedWork()).isEqualTo(440);
        assertThat(server.drainServedWork()).isZero();
    }

    @Test
    void shouldBlockACallerForItsShareOfTheServer() throws InterruptedException {
        SharedThroughput real = new SharedThroughput(1, 1); // 1 unit a ms
        long start = System.nanoTime();
        real.serve(30);
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(30);
    }

    @Test
    void shouldRefuseNegativeWorkAndRates() {
        assertThatThrownBy(() -> server.admit(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedThroughput(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
