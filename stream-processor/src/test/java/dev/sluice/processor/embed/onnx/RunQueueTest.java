package dev.sluice.processor.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class RunQueueTest {
    private final RunQueue queue = new RunQueue(1, Thread.ofPlatform().daemon().factory());
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        queue.shutdownNow();
    }

    /** Occupies the one thread until {@link #release}, so that everything submitted meanwhile queues. */
    private CompletableFuture<String> blockTheThread() throws InterruptedException {
        CompletableFuture<String> blocker = queue.submit(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add("blocker");
            return "blocker";
        }, false);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        return blocker;
    }

    private CompletableFuture<String> run(String name, boolean urgent) {
        return queue.submit(() -> {
            ran.add(name);
            return name;
        }, urgent);
    }

    @Test
    void shouldRunAnUrgentRunBeforeEveryQueuedOneAndTheRestInArrivalOrder() throws Exception {
        CompletableFuture<String> blocker = blockTheThread();
        List<CompletableFuture<String>> results = List.of(run("a", false), run("b", false), run("query", true),
                run("c", false), run("query 2", true));

        release.countDown();

        assertThat(blocker.get()).isEqualTo("blocker");
        for (CompletableFuture<String> result : results) {
            result.get(10, TimeUnit.SECONDS);
        }
        assertThat(ran).containsExactly("blocker", "query", "query 2", "a", "b", "c");
    }

    @Test
    void shouldSkipARunItsCallerGaveUpOnAndPassOnFailures() throws Exception {
        blockTheThread();
        CompletableFuture<String> abandoned = run("abandoned", false);
        CompletableFuture<String> failing = queue.submit(() -> {
            throw new IllegalStateException("model failed");
        }, false);
        CompletableFuture<String> last = run("last", false);
        abandoned.cancel(false);

        release.countDown();

        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo("last");
        assertThat(failing).isCompletedExceptionally();
        assertThat(ran).containsExactly("blocker", "last");
    }
}
