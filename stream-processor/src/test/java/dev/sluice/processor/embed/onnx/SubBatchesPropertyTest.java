package dev.sluice.processor.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SubBatchesPropertyTest {

    @Property
    void shouldPlanEveryTextExactlyOnceWithinTheLimits(
            @ForAll @Size(max = 200) List<@IntRange(min = 1, max = 256) Integer> lengthList,
            @ForAll @IntRange(min = 1, max = 64) int maxBatchSize,
            @ForAll @IntRange(min = 256, max = 8192) int maxBatchTokens,
            @ForAll @IntRange(min = 1, max = 8) int minGroups) {
        int[] lengths = lengthList.stream().mapToInt(Integer::intValue).toArray();

        List<int[]> plan = SubBatches.plan(lengths, maxBatchSize, maxBatchTokens, minGroups);

        int[] planned = plan.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertThat(planned).containsExactly(IntStream.range(0, lengths.length).toArray());
        for (int[] group : plan) {
            assertThat(group.length).isBetween(1, maxBatchSize);
            int longest = Arrays.stream(group).map(i -> lengths[i]).max().orElseThrow();
            if (group.length > 1) {
                assertThat((long) group.length * longest).isLessThanOrEqualTo(maxBatchTokens);
            }
            assertThat(Arrays.stream(group).map(i -> lengths[i]).toArray()).isSorted();
        }
        if (minGroups > 1 && lengths.length > 1) {
            assertThat(plan).as("work for more than one concurrent run").hasSizeGreaterThan(1);
        }
    }
}
