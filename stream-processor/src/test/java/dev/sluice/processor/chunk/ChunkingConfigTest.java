package dev.sluice.processor.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkingConfigTest {

    @Test
    void shouldDefaultToTheModelWindowLessItsTwoSpecialTokens() {
        assertThat(ChunkingConfig.defaults()).isEqualTo(new ChunkingConfig(254, 50));
    }

    @Test
    void shouldRejectAMaximumTheModelCannotSeeWhole() {
        assertThatThrownBy(() -> new ChunkingConfig(256, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunk.max.tokens must be between 16 and 254 (the model's 256-token window less [CLS] "
                        + "and [SEP]) but was 256");
        assertThatThrownBy(() -> new ChunkingConfig(15, 0)).hasMessageContaining("chunk.max.tokens");
    }

    @Test
    void shouldRejectAnOverlapThatIsNotSmallerThanTheMaximum() {
        assertThatThrownBy(() -> new ChunkingConfig(100, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunk.overlap.tokens must be >= 0 and < chunk.max.tokens (100) but was 100");
        assertThatThrownBy(() -> new ChunkingConfig(100, -1)).hasMessageContaining("chunk.overlap.tokens");
        assertThat(new ChunkingConfig(100, 0).overlapTokens()).isZero();
    }
}
