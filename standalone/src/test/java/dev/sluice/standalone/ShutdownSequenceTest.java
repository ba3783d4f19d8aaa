package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {
    private final List<String> stopped = new CopyOnWriteArrayList<>();

    @Test
    void shouldStopTheLastStartedPartFirst() {
        ShutdownSequence s = new ShutdownSequence();
        for (String part : List.of("kafka", "postgres", "gateway", "processor")) {
            s.add(part, () -> stopped.add(part));
        }

        assertThat(s.stopAll(Duration.ofSeconds(10))).isEmpty();

        assertThat(stopped).containsExactly("processor", "gateway", "postgres", "kafka");
    }

    @Test
    void shouldStopTheOthersWhenOnePartFails() {
        ShutdownSequence s = new ShutdownSequence();
        s.add("kafka", () -> stopped.add("kafka"));
        s.add("gateway", () -> {
            throw new IllegalStateException("boom");
        });

        s.stopAll(Duration.ofSeconds(10));

        assertThat(stopped).containsExactly("kafka");
    }

    @Test
    void shouldAbandonAPartThatHangsAndStillStopTheRest() {
        CountDownLatch never = new CountDownLatch(1);
        Duration grace = Duration.ofMillis(100);
        ShutdownSequence s = new ShutdownSequence(grace);
        s.add("kafka", () -> stopped.add("kafka"));
        s.add("processor", never::await);

        long start = System.nanoTime();
        List<String> late = s.stopAll(Duration.ofMillis(200));

        assertThat(late).containsExactly("processor");
        assertThat(stopped).containsExactly("kafka");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(Duration.ofSeconds(3));
        never.countDown();
    }

    @Test
    void shouldStopAPartAddedAfterTheStopAtOnceAndAbortTheStart() {
        ShutdownSequence s = new ShutdownSequence();
        s.stopAll(Duration.ofSeconds(1));

        assertThatThrownBy(() -> s.add("gateway", () -> stopped.add("gateway")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gateway");
        assertThat(stopped).containsExactly("gateway");
    }
}
