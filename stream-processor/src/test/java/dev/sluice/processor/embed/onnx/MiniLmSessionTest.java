package dev.sluice.processor.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.embed.MiniLm;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmSessionTest {
    private static MiniLmSession session;

    @BeforeAll
    static void load() {
        session = new MiniLmSession(MiniLm.modelBytes(), 1);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void shouldEmbedEveryRowOfAPaddedBatch() {
        // [CLS] hello world [SEP] and [CLS] hello [SEP], padded to 4
        float[][] vectors = session.embed(PaddedBatch.of(List.of(
                new long[] {101, 7592, 2088, 102}, new long[] {101, 7592, 102})));

        assertThat(vectors).hasNumberOfRows(2);
        assertThat(vectors[0]).hasSize(MiniLm.DIMENSION);
        assertThat(Vectors.norm(vectors[0])).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(Vectors.cosine(vectors[0], vectors[1])).isLessThan(0.99);
    }

    @Test
    void shouldTurnAModelFailureIntoAPermanentEmbeddingErrorWithoutTheInput() {
        // a token id far outside the 30,522-word vocabulary makes the embedding lookup fail inside ONNX Runtime
        PaddedBatch outOfVocabulary = PaddedBatch.of(List.of(new long[] {101, 987_654_321L, 102}));

        assertThatThrownBy(() -> session.embed(outOfVocabulary))
                .isInstanceOfSatisfying(IndexingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.EMBEDDING_REJECTED);
                    assertThat(e.stage()).isEqualTo(Stage.EMBEDDING);
                    assertThat(e.retriable()).isFalse();
                })
                .hasMessage("in-process embedding of a batch of 1 texts of up to 3 tokens: the model failed "
                        + "(ORT_INVALID_ARGUMENT)")
                .hasNoCause();
    }

    @Test
    void shouldRefuseBytesThatAreNotAModel() {
        assertThatThrownBy(() -> new MiniLmSession(new byte[] {1, 2, 3}, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot load the MiniLM ONNX model");
    }
}
