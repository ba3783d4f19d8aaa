package dev.sluice.processor.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class MeanPoolingTest {

    @Test
    void shouldAverageOnlyTheUnmaskedTokensAndNormalise() {
        // two rows, padded length 3, dimension 2; row 0 has 2 real tokens, row 1 has 1
        FloatBuffer tokens = FloatBuffer.wrap(new float[] {
                1, 0, 3, 4, 1000, 1000,
                0, 2, -500, 9, 77, 77});

        float[][] vectors = MeanPooling.poolAndNormalise(tokens, new int[] {2, 1}, 3, 2);

        // row 0: mean (2, 2) → (0.7071, 0.7071); row 1: (0, 2) → (0, 1); padding positions never count
        assertThat(vectors[0]).containsExactly(new float[] {0.70710677f, 0.70710677f}, within(1e-6f));
        assertThat(vectors[1]).containsExactly(new float[] {0f, 1f}, within(1e-6f));
    }

    @Test
    void shouldReportARowThatCannotBeNormalised() {
        FloatBuffer tokens = FloatBuffer.wrap(new float[] {0, 0, 1, Float.NaN, 3, 4});

        float[][] vectors = MeanPooling.poolAndNormalise(tokens, new int[] {1, 1, 1}, 1, 2);

        assertThat(vectors[0]).isNull();
        assertThat(vectors[1]).isNull();
        assertThat(vectors[2]).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
    }
}
