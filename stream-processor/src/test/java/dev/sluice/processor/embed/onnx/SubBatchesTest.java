package dev.sluice.processor.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubBatchesTest {
    private static final int NO_TOKEN_LIMIT = Integer.MAX_VALUE;

    @Nested
    class Sorting {
        @Test
        void shouldGroupTextsOfSimilarLengthTogether() {
            int[] lengths = {200, 5, 180, 7, 6, 190};

            List<int[]> plan = SubBatches.plan(lengths, 3, NO_TOKEN_LIMIT, 1);

            assertThat(plan).containsExactly(new int[] {1, 4, 3}, new int[] {2, 5, 0});
        }

        @Test
        void shouldKeepTheOriginalOrderAmongTextsOfEqualLength() {
            List<int[]> plan = SubBatches.plan(new int[] {9, 4, 9, 4}, 32, NO_TOKEN_LIMIT, 1);

            assertThat(plan).containsExactly(new int[] {1, 3, 0, 2});
        }

        @Test
        void shouldPlanNothingForNoTexts() {
            assertThat(SubBatches.plan(new int[0], 32, 1024, 2)).isEmpty();
        }
    }

    @Nested
    class Limits {
        @Test
        void shouldPutAtMostMaxBatchSizeTextsInAGroup() {
            int[] lengths = new int[70];
            Arrays.fill(lengths, 10);

            List<int[]> plan = SubBatches.plan(lengths, 32, NO_TOKEN_LIMIT, 1);

            assertThat(plan).extracting(group -> group.length).containsExactly(32, 32, 6);
        }

        @Test
        void shouldKeepPaddedTokensWithinTheBudget() {
            // sorted: 50, 60, 100, 100, 250 — a group costs its size times its longest length
            int[] lengths = {100, 50, 250, 60, 100};

            List<int[]> plan = SubBatches.plan(lengths, 32, 300, 1);

            assertThat(plan).containsExactly(new int[] {1, 3, 0}, new int[] {4}, new int[] {2});
        }

        @Test
        void shouldGiveATextLongerThanTheBudgetAGroupOfItsOwn() {
            List<int[]> plan = SubBatches.plan(new int[] {256, 10}, 32, 100, 1);

            assertThat(plan).containsExactly(new int[] {1}, new int[] {0});
        }
    }

    @Nested
    class Parallelism {
        @Test
        void shouldSplitOneCallIntoWorkForEveryConcurrentRun() {
            int[] lengths = new int[10];
            Arrays.fill(lengths, 20);

            List<int[]> plan = SubBatches.plan(lengths, 32, NO_TOKEN_LIMIT, 2);

            assertThat(plan).extracting(group -> group.length).containsExactly(5, 5);
        }

        @Test
        void shouldNotSplitBelowOneTextPerGroup() {
            List<int[]> plan = SubBatches.plan(new int[] {20}, 32, NO_TOKEN_LIMIT, 4);

            assertThat(plan).containsExactly(new int[] {0});
        }
    }
}
