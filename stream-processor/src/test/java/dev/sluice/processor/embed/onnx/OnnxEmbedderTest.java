package dev.sluice.processor.embed.onnx;

import static dev.sluice.processor.embed.onnx.Vectors.cosine;
import static dev.sluice.processor.embed.onnx.Vectors.norm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.processor.embed.MiniLm;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The in-process embedder on the real model (one instance for the class: loading it is the slow part). */
class OnnxEmbedderTest {
    /** Sentences of very different token lengths, in no particular order. */
    static final List<String> MIXED_LENGTHS = List.of(
            "Kafka Streams keeps its state in local stores that are backed up to changelog topics, so a task that "
                    + "moves to another instance restores its store from the changelog before it processes records.",
            "Hello.",
            "BM25 ranks documents by term frequency and inverse document frequency.",
            "",
            "Vector search finds the nearest neighbours of a query embedding; an HNSW graph makes it fast by "
                    + "navigating layers of links from coarse to fine, which trades a little recall for a large "
                    + "speed-up over comparing the query with every stored vector one by one.",
            "Python 3.12 was released in October 2023.",
            "Retry with exponential backoff and jitter.");

    private static OnnxEmbedder embedder;

    @BeforeAll
    static void load() {
        // a small batch size and token budget so that these few texts still make several padded runs
        embedder = new OnnxEmbedder(OnnxEmbedderConfig.defaults().withMaxBatchSize(3).withMaxBatchTokens(256));
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static List<float[]> oneAtATime(OnnxEmbedder embedder, List<String> texts) {
        List<float[]> vectors = new ArrayList<>();
        for (String text : texts) {
            vectors.add(embedder.embed(List.of(text)).getFirst());
        }
        return vectors;
    }

    @Nested
    class Vectors {
        @Test
        void shouldDescribeTheModel() {
            assertThat(embedder.dimension()).isEqualTo(384);
            assertThat(embedder.modelId()).isEqualTo(MiniLm.MODEL_ID);
        }

        @Test
        void shouldReturnOneUnitVectorOf384FloatsPerText() {
            List<float[]> vectors = embedder.embed(MIXED_LENGTHS);

            assertThat(vectors).hasSameSizeAs(MIXED_LENGTHS).allSatisfy(vector -> {
                assertThat(vector).hasSize(384);
                assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
            });
        }

        @Test
        void shouldPlaceSimilarSentencesCloserThanUnrelatedOnes() {
            List<float[]> vectors = embedder.embed(List.of(
                    "How do I install Python on Linux?", "Installing Python on Ubuntu", "The cat sat on the mat"));

            double related = cosine(vectors.get(0), vectors.get(1));
            double unrelated = cosine(vectors.get(0), vectors.get(2));
            assertThat(related).isGreaterThan(0.6);
            assertThat(unrelated).isLessThan(0.2);
        }
    }

    /**
     * The model quantizes its activations per tensor, with one scale for the whole batch, padding included: a text's
     * vector depends slightly on what it is batched with. Measured on 96 passages of prose of 2 to 190 words: cosine
     * to the same text run alone median 0.993, minimum 0.984; lower for very short texts, whatever their companions'
     * length ("Hello." beside "Goodbye.": 0.981, here: 0.979). Runs of one text are exact.
     */
    @Nested
    class Batching {
        private static final double SAME_TEXT_OTHER_BATCH = 0.96;

        @Test
        void shouldGiveNearlyTheVectorsOfEmbeddingOneTextAtATime() {
            List<float[]> batched = embedder.embed(MIXED_LENGTHS);
            List<float[]> single = oneAtATime(embedder, MIXED_LENGTHS);

            for (int i = 0; i < MIXED_LENGTHS.size(); i++) {
                assertThat(cosine(batched.get(i), single.get(i))).as("text %d", i)
                        .isGreaterThan(SAME_TEXT_OTHER_BATCH);
            }
        }

        @Test
        void shouldGiveExactlyTheVectorsOfOneTextAtATimeWithABatchSizeOfOne() {
            try (OnnxEmbedder unbatched = new OnnxEmbedder(OnnxEmbedderConfig.defaults().withMaxBatchSize(1))) {
                List<float[]> vectors = unbatched.embed(MIXED_LENGTHS);
                List<float[]> single = oneAtATime(unbatched, MIXED_LENGTHS);

                for (int i = 0; i < MIXED_LENGTHS.size(); i++) {
                    assertThat(vectors.get(i)).as("text %d", i).containsExactly(single.get(i));
                }
            }
        }

        @Test
        void shouldReturnTheVectorsInTheOrderOfTheTexts() {
            List<float[]> single = oneAtATime(embedder, MIXED_LENGTHS);
            List<String> shuffled = new ArrayList<>(MIXED_LENGTHS);
            Collections.shuffle(shuffled, new Random(7));

            List<float[]> vectors = embedder.embed(shuffled);

            for (int i = 0; i < shuffled.size(); i++) {
                float[] vector = vectors.get(i);
                int nearest = IntStream.range(0, single.size()).boxed()
                        .max(Comparator.comparingDouble(j -> cosine(vector, single.get(j))))
                        .orElseThrow();
                assertThat(MIXED_LENGTHS.get(nearest)).as("text %d's nearest", i).isEqualTo(shuffled.get(i));
            }
        }

        @Test
        void shouldGiveTheSameVectorsForTheSameCall() {
            List<float[]> first = embedder.embed(MIXED_LENGTHS);
            List<float[]> second = embedder.embed(MIXED_LENGTHS);

            for (int i = 0; i < MIXED_LENGTHS.size(); i++) {
                assertThat(second.get(i)).as("text %d", i).containsExactly(first.get(i));
            }
        }
    }

    @Nested
    class Truncation {
        private static final String LONG_TEXT = ("A chunk is at most 256 tokens long, but a text from elsewhere may be "
                + "longer, and the model only takes 256 tokens including the two special ones. ").repeat(12);

        @Test
        void shouldEmbedOnlyTheFirst256TokensOfALongerText() {
            String longer = LONG_TEXT + "The cat sat on the mat. ".repeat(20);

            List<float[]> vectors = embedder.embed(List.of(LONG_TEXT, longer));

            assertThat(norm(vectors.get(0))).isCloseTo(1.0, within(1e-5));
            // what follows the first 256 tokens makes no difference
            assertThat(cosine(vectors.get(0), vectors.get(1))).isGreaterThan(0.9999);
        }
    }

    @Nested
    class Input {
        @Test
        void shouldReturnNoVectorsForNoTexts() {
            assertThat(embedder.embed(List.of())).isEmpty();
        }

        @Test
        void shouldEmbedAnEmptyText() {
            assertThat(embedder.embed(List.of("")).getFirst()).hasSize(384);
        }

        @Test
        void shouldRejectANullTextNamingItsPositionOnly() {
            List<String> texts = Arrays.asList("secret words", null);

            assertThatThrownBy(() -> embedder.embed(texts))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("texts[1] is null")
                    .hasMessageNotContaining("secret");
        }

        @Test
        void shouldRejectANullList() {
            assertThatThrownBy(() -> embedder.embed(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("texts must not be null");
        }

        @Test
        void shouldEmbedAQueryAsItsOneTextAndRejectANullOne() {
            String query = "parse command line arguments";

            assertThat(embedder.embedQuery(query)).containsExactly(embedder.embed(List.of(query)).getFirst());
            assertThatThrownBy(() -> embedder.embedQuery(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("text must not be null");
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void shouldRefuseWorkAfterCloseAsARetriableError() {
            OnnxEmbedder closed = new OnnxEmbedder(OnnxEmbedderConfig.defaults());
            closed.close();
            closed.close();

            assertThatThrownBy(() -> closed.embed(List.of("too late")))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.EMBEDDING_UNAVAILABLE);
                        assertThat(e.stage()).isEqualTo(Stage.EMBEDDING);
                        assertThat(e.retriable()).isTrue();
                    })
                    .hasMessage("the in-process embedder is closed");
        }

        @Test
        void shouldRejectAMissingConfig() {
            assertThatThrownBy(() -> new OnnxEmbedder(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("config must not be null");
        }
    }
}
