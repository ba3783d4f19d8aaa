package dev.sluice.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchIdsTest {

    @Test
    void shouldNameThePartitionAndTheFirstOffsetAndGiveThePartitionBack() {
        assertThat(BatchIds.of(10, 44)).isEqualTo("p10-o44");
        assertThat(BatchIds.partitionOf(BatchIds.of(10, 44))).hasValue(10);
        assertThat(BatchIds.partitionOf(BatchIds.of(0, Long.MAX_VALUE))).hasValue(0);
    }

    @Test
    void shouldFindNoPartitionInWhatIsNotABatchId() {
        assertThat(BatchIds.partitionOf(null)).isEmpty();
        assertThat(BatchIds.partitionOf("?")).isEmpty();
        assertThat(BatchIds.partitionOf("p-o1")).isEmpty();
        assertThat(BatchIds.partitionOf("p1-o")).isEmpty();
        assertThat(BatchIds.partitionOf("p99999999999-o1")).isEmpty();
    }
}
