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

    /** A thread of a given name that spends {@link #BURN_NANOS} of CPU, then waits, spending nothing, to be closed. */
    private static final class Burner implements AutoCloseable {
        private final CountDownLatch burnt = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Thread thread;

        /** Starts the thread and returns once it has spent its CPU. */
        Burner(String name) throws InterruptedException {
            thread = Thread.ofPlatform().name(name).start(() -> {
                var threads = ManagementFactory.getThreadMXBean();
                long spin = 0;
                while (threads.getCurrentThreadCpuTime() < BURN_NANOS) {
                    spin += System.nanoTime() & 1;
                }
                sink = spin;
                burnt.countDown();
                try {
                    released.await();
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            });
            burnt.await();
        }

        /** Lets the thread end and waits until it has. */
        @Override
        public void close() throws InterruptedException {
            released.countDown();
            thread.join();
        }
    }

    @Test
    void shouldChargeALiveThreadsCpuToItsPartByName() throws Exception {
        CpuSplit before = CpuSplit.now();
        Map<CpuSplit.Part, Double> seconds;
        try (Burner embedder = new Burner("sluice-onnx-embedder-9-run-1")) {
            seconds = CpuSplit.now().since(before);
        }

        assertThat(seconds.get(CpuSplit.Part.EMBEDDER)).isBetween(0.19, 0.3);
        assertThat(seconds.get(CpuSplit.Part.STREAMS)).isZero();
        assertThat(seconds.get(CpuSplit.Part.INDEXING)).isZero();
        assertThat(CpuSplit.format(seconds)).startsWith("embedder 0.2 s (");
    }

    @Test
    void shouldCountTheCpuOfAThreadThatEndedAsOther() throws Exception {
        CpuSplit before = CpuSplit.now();
        new Burner("sluice-onnx-embedder-9-run-2").close();
        Map<CpuSplit.Part, Double> seconds = CpuSplit.now().since(before);

        assertThat(seconds.get(CpuSplit.Part.EMBEDDER)).isZero();
        assertThat(seconds.get(CpuSplit.Part.OTHER)).isGreaterThanOrEqualTo(0.19);
    }
}
