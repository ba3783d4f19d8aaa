package dev.sluice.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private static final Duration DELAY = Duration.ofMillis(20);
    private static final long MS = 1_000_000L;

    private final GroupCommit group = new GroupCommit();

    @Test
    void shouldNotCommitWhenNoOutcomeWaits() {
        group.started(0);

        assertThat(group.commitDue(DELAY, 100 * MS)).isFalse();
    }

    @Test
    void shouldCommitAtOnceWhenNoSiblingRuns() {
        group.started(0);
        group.forwarded(0, 500 * MS);

        assertThat(group.commitDue(DELAY, 500 * MS)).isTrue();
    }

    @Test
    void shouldAnswerOncePerGroupOfOutcomes() {
        group.started(0);
        group.forwarded(0, 500 * MS);
        group.commitDue(DELAY, 500 * MS);

        assertThat(group.commitDue(DELAY, 501 * MS)).isFalse();
    }

    @Nested
    class WithSiblings {

        @Test
        void shouldWaitForABatchThatStartedAboutAsEarly() {
            group.started(0);
            group.started(5 * MS);
            group.forwarded(0, 500 * MS);

            assertThat(group.commitDue(DELAY, 510 * MS)).isFalse();
        }

        @Test
        void shouldCommitAllTogetherOnceTheLastSiblingIsIn() {
            group.started(0);
            group.started(5 * MS);
            group.forwarded(0, 500 * MS);
            group.commitDue(DELAY, 505 * MS);
            group.forwarded(5 * MS, 508 * MS);

            assertThat(group.commitDue(DELAY, 508 * MS)).isTrue();
        }

        @Test
        void shouldNotWaitLongerThanTheDelay() {
            group.started(0);
            group.started(5 * MS);
            group.forwarded(0, 500 * MS);

            assertThat(group.commitDue(DELAY, 519 * MS)).isFalse();
            assertThat(group.commitDue(DELAY, 520 * MS)).isTrue();
        }

        @Test
        void shouldNotWaitForABatchStartedWellAfter() {
            group.started(0);
            group.started(300 * MS);
            group.forwarded(0, 500 * MS);

            assertThat(group.commitDue(DELAY, 500 * MS)).isTrue();
        }

        @Test
        void shouldNotWaitForABatchStartedWellBefore() {
            group.started(0); // stuck in retries, say
            group.started(400 * MS);
            group.forwarded(400 * MS, 900 * MS);

            assertThat(group.commitDue(DELAY, 900 * MS)).isTrue();
        }

        @Test
        void shouldStopWaitingForABatchThatWasDropped() {
            group.started(0);
            group.started(5 * MS);
            group.forwarded(0, 500 * MS);
            group.abandoned(5 * MS);

            assertThat(group.commitDue(DELAY, 501 * MS)).isTrue();
        }

        @Test
        void shouldCountBatchesStartedAtTheSameInstantSeparately() {
            group.started(0);
            group.started(0);
            group.forwarded(0, 500 * MS);

            assertThat(group.commitDue(DELAY, 500 * MS)).as("one of the two still runs").isFalse();
            group.forwarded(0, 501 * MS);
            assertThat(group.commitDue(DELAY, 501 * MS)).isTrue();
        }
    }

    @Test
    void shouldCommitAtOnceWithoutDelay() {
        group.started(0);
        group.started(1);
        group.forwarded(0, 500 * MS);

        assertThat(group.commitDue(Duration.ZERO, 500 * MS)).isTrue();
    }

    @Test
    void shouldKeepOneInstancePerThread() throws Exception {
        GroupCommit here = GroupCommit.ofCurrentThread();
        GroupCommit[] there = new GroupCommit[1];
        Thread other = new Thread(() -> there[0] = GroupCommit.ofCurrentThread());
        other.start();
        other.join();

        assertThat(GroupCommit.ofCurrentThread()).isSameAs(here);
        assertThat(there[0]).isNotNull().isNotSameAs(here);
    }
}
