package dev.sluice.processor.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaddedBatchTest {

    @Test
    void shouldPadEveryRowOnTheRightToTheLongest() {
        PaddedBatch batch = PaddedBatch.of(List.of(new long[] {101, 7, 102}, new long[] {101, 8, 9, 10, 102}));

        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.sequenceLength()).isEqualTo(5);
        assertThat(batch.inputIds()).containsExactly(101, 7, 102, 0, 0, 101, 8, 9, 10, 102);
        assertThat(batch.attentionMask()).containsExactly(1, 1, 1, 0, 0, 1, 1, 1, 1, 1);
        assertThat(batch.lengths()).containsExactly(3, 5);
        assertThat(batch.paddedTokens()).isEqualTo(10);
    }

    @Test
    void shouldRejectAnEmptyBatch() {
        assertThatThrownBy(() -> PaddedBatch.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one sequence");
    }
}
