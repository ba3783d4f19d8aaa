package dev.sluice.processor.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.embed.MiniLm;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OnnxEmbedderConfigTest {

    @Nested
    class Defaults {
        @Test
        void shouldUseTheDocumentedDefaults() {
            OnnxEmbedderConfig config = OnnxEmbedderConfig.defaults();

            assertThat(config.maxBatchSize()).isEqualTo(32);
            assertThat(config.maxBatchTokens()).isEqualTo(512);
            assertThat(config.maxSequenceLength()).isEqualTo(MiniLm.MAX_SEQUENCE_LENGTH);
            assertThat(config.intraOpThreads()).isEqualTo(1);
            assertThat(config.concurrentRuns()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }

        @Test
        void shouldChangeOneSettingPerCopy() {
            OnnxEmbedderConfig config = OnnxEmbedderConfig.defaults();

            assertThat(config.withMaxBatchSize(8).maxBatchSize()).isEqualTo(8);
            assertThat(config.withMaxBatchTokens(4096).maxBatchTokens()).isEqualTo(4096);
            assertThat(config.withMaxSequenceLength(128).maxSequenceLength()).isEqualTo(128);
            assertThat(config.withThreads(2, 1)).extracting(
                            OnnxEmbedderConfig::intraOpThreads, OnnxEmbedderConfig::concurrentRuns,
                            OnnxEmbedderConfig::maxBatchSize)
                    .containsExactly(2, 1, 32);
        }
    }

    @Nested
    class Validation {
        static Stream<Arguments> badValues() {
            OnnxEmbedderConfig ok = OnnxEmbedderConfig.defaults();
            return Stream.of(
                    bad(() -> ok.withMaxBatchSize(0), "embedding.max.batch.size must be >= 1 but was 0"),
                    bad(() -> ok.withMaxBatchTokens(255),
                            "embedding.onnx.max.batch.tokens must be >= 256 but was 255"),
                    bad(() -> ok.withMaxSequenceLength(2),
                            "embedding.onnx.max.sequence.length must be >= 3 but was 2"),
                    bad(() -> ok.withMaxSequenceLength(257),
                            "embedding.onnx.max.sequence.length must be <= 256 but was 257"),
                    bad(() -> ok.withThreads(0, 2), "embedding.onnx.intra.op.threads must be >= 1 but was 0"),
                    bad(() -> ok.withThreads(1, -1), "embedding.onnx.concurrent.runs must be >= 1 but was -1"));
        }

        private static Arguments bad(Supplier<OnnxEmbedderConfig> config, String message) {
            return Arguments.of(config, message);
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("badValues")
        void shouldRejectABadValueNamingItsKey(Supplier<OnnxEmbedderConfig> config, String message) {
            assertThatThrownBy(config::get)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
        }
    }
}
