package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CpuSplitTest {
    private static final long BURN_NANOS = 200_000_000L;
    /** Where the spinning loop's result goes, so that the JIT cannot drop the loop. */
    private static volatile long sink;

    /**
     * A thread of the given name that spends {@link #BURN_NANOS} of CPU, counts {@code burnt} down, and then stays
     * alive (parked, spending nothing) until interrupted.
     */
    private static Thread burner(String name, CountDownLatch burnt) {
        return Thread.ofPlatform().name(name).start(() -> {
            var threads = ManagementFactory.getThreadMXBean();
            long spin = 0;
            while (threads.getCurrentThreadCpuTime() < BURN_NANOS) {
                spin += System.nanoTime() & 1;
            }
            sink = spin;
            burnt.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void shouldChargeALiveThreadsCpuToItsPartByName() throws Exception {
        CpuSplit before = CpuSplit.now();
        CountDownLatch burnt = new CountDownLatch(1);
        Thread embedder = burner("sluice-onnx-embedder-9-run-1", burnt);
        burnt.await();
        Map<CpuSplit.Part, Double> seconds = CpuSplit.now().since(before);
        embedder.interrupt();

        assertThat(seconds.get(CpuSplit.Part.EMBEDDER)).isBetween(0.19, 0.3);
        assertThat(seconds.get(CpuSplit.Part.STREAMS)).isZero();
        assertThat(seconds.get(CpuSplit.Part.INDEXING)).isZero();
        assertThat(CpuSplit.format(seconds)).startsWith("embedder 0.2 s (");
    }

    @Test
    void shouldCountTheCpuOfAThreadThatEndedAsOther() throws Exception {
        CpuSplit before = CpuSplit.now();
        CountDownLatch burnt = new CountDownLatch(1);
        Thread ended = burner("sluice-onnx-embedder-9-run-2", burnt);
        burnt.await();
        ended.interrupt();
        ended.join();
        Map<CpuSplit.Part, Double> seconds = CpuSplit.now().since(before);

        assertThat(seconds.get(CpuSplit.Part.EMBEDDER)).isZero();
        assertThat(seconds.get(CpuSplit.Part.OTHER)).isGreaterThanOrEqualTo(0.19);
    }
}
