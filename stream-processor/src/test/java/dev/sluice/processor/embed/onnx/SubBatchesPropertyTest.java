package dev.sluice.processor.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.testing.Randoms;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** 1,000 seeded random plans: every text planned once, groups within both limits, sorted by length. */
class SubBatchesPropertyTest {
    private static final long SEED = 20261129L;

    @Test
    void shouldPlanEveryTextExactlyOnceWithinTheLimits() {
        Randoms random = new Randoms(SEED);
        for (int tryNo = 0; tryNo < 1_000; tryNo++) {
            int[] lengths = IntStream.range(0, random.between(0, 200)).map(i -> random.between(1, 256)).toArray();
            int maxBatchSize = random.between(1, 64);
            int maxBatchTokens = random.between(256, 8192);
            int minGroups = random.between(1, 8);
            String context = "seed " + SEED + ", try " + tryNo;

            List<int[]> plan = SubBatches.plan(lengths, maxBatchSize, maxBatchTokens, minGroups);

            int[] planned = plan.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            assertThat(planned).as(context).containsExactly(IntStream.range(0, lengths.length).toArray());
            for (int[] group : plan) {
                assertThat(group.length).as(context).isBetween(1, maxBatchSize);
                int longest = Arrays.stream(group).map(i -> lengths[i]).max().orElseThrow();
                if (group.length > 1) {
                    assertThat((long) group.length * longest).as(context).isLessThanOrEqualTo(maxBatchTokens);
                }
                assertThat(Arrays.stream(group).map(i -> lengths[i]).toArray()).as(context).isSorted();
            }
            if (minGroups > 1 && lengths.length > 1) {
                assertThat(plan).as(context + ": work for more than one concurrent run").hasSizeGreaterThan(1);
            }
        }
    }
}
