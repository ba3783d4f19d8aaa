package dev.sluice.processor.embed.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits one call's texts into the sub-batches that become padded ONNX runs. Texts are sorted by token length, so
 * that each sub-batch holds texts of similar length and little of a run is spent on padding; then packed in that
 * order into sub-batches bounded in texts and in padded tokens.
 */
final class SubBatches {

    private SubBatches() {}

    /**
     * Groups of indices into {@code lengths}. Each group is sorted by length, holds at most {@code maxBatchSize}
     * texts and at most {@code maxBatchTokens} padded tokens (its size × its longest length) — except that a single
     * text longer than that budget still gets a group of its own. Groups are also capped at
     * {@code ceil(count / minGroups)} texts, so that one caller with enough texts alone makes work for every
     * concurrent run.
     *
     * @param lengths        token length of each text, each at least 1
     * @param maxBatchSize   most texts per group, at least 1
     * @param maxBatchTokens most padded tokens per group, at least 1
     * @param minGroups      concurrent runs to make work for, at least 1
     */
    static List<int[]> plan(int[] lengths, int maxBatchSize, int maxBatchTokens, int minGroups) {
        int count = lengths.length;
        if (count == 0) {
            return List.of();
        }
        int[] byLength = IntStream.range(0, count).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> lengths[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
        int maxTexts = Math.min(maxBatchSize, ceilDiv(count, minGroups));
        List<int[]> plan = new ArrayList<>();
        int from = 0;
        while (from < count) {
            int to = from + 1;
            // sorted ascending, so the text being added is the group's longest
            while (to < count && to - from < maxTexts && fits(to - from + 1, lengths[byLength[to]], maxBatchTokens)) {
                to++;
            }
            int[] group = new int[to - from];
            System.arraycopy(byLength, from, group, 0, group.length);
            plan.add(group);
            from = to;
        }
        return plan;
    }

    private static boolean fits(int texts, int longest, int maxBatchTokens) {
        return (long) texts * longest <= maxBatchTokens;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
