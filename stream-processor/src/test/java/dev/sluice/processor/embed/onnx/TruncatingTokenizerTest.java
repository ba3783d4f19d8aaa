package dev.sluice.processor.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.sluice.processor.embed.MiniLm;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TruncatingTokenizerTest {
    private static final long CLS = 101;
    private static final long SEP = 102;

    @Nested
    class Truncate {
        @Test
        void shouldKeepTheFirstTokensAndTheClosingSeparator() {
            assertThat(TruncatingTokenizer.truncate(new long[] {CLS, 1, 2, 3, 4, SEP}, 4))
                    .containsExactly(CLS, 1, 2, SEP);
        }

        @Test
        void shouldLeaveAShortEnoughSequenceAlone() {
            long[] ids = {CLS, 1, SEP};

            assertThat(TruncatingTokenizer.truncate(ids, 3)).isSameAs(ids);
        }
    }

    @Nested
    class WithTheRealTokenizer {
        private static final String LONG_TEXT = "Sluice reads documents from Kafka, cleans them, cuts them into "
                + "chunks and stores their vectors. ".repeat(40);
        private static TruncatingTokenizer atModelLimit;
        private static TruncatingTokenizer at128;

        @BeforeAll
        static void load() {
            atModelLimit = new TruncatingTokenizer(MiniLm.MAX_SEQUENCE_LENGTH);
            at128 = new TruncatingTokenizer(128);
        }

        @AfterAll
        static void close() {
            atModelLimit.close();
            at128.close();
        }

        @Test
        void shouldFrameEveryTextWithClsAndSep() {
            long[][] ids = atModelLimit.encode(List.of("Install Python on Linux.", ""));

            assertThat(ids[0]).startsWith(CLS).endsWith(SEP).hasSizeGreaterThan(4);
            assertThat(ids[1]).containsExactly(CLS, SEP);
        }

        @Test
        void shouldStopAtTheModelLimit() {
            assertThat(atModelLimit.encode(List.of(LONG_TEXT))[0])
                    .hasSize(MiniLm.MAX_SEQUENCE_LENGTH)
                    .startsWith(CLS)
                    .endsWith(SEP);
        }

        @Test
        void shouldGiveTheSameIdsAsTheTokenizersOwnTruncationToALowerLimit() throws IOException {
            try (InputStream json = MiniLm.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json");
                    HuggingFaceTokenizer truncatingAt128 = HuggingFaceTokenizer.newInstance(json, Map.of(
                            "truncation", "true", "padding", "false", "maxLength", "128", "modelMaxLength", "128"))) {

                assertThat(at128.encode(List.of(LONG_TEXT))[0])
                        .containsExactly(truncatingAt128.encode(LONG_TEXT).getIds());
            }
        }
    }
}
