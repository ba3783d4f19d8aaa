package dev.sluice.processor.embed.onnx;

import static dev.sluice.processor.embed.onnx.Vectors.cosine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.sluice.processor.embed.MiniLm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The in-process embedder against langchain4j's reference implementation of the same model, and under load. */
class OnnxEmbedderIT {
    /** Longer than 128 tokens: langchain4j's tokenizer file cuts every text there. */
    private static final String TEXT_OF_200_TOKENS = ("Kafka Streams keeps its state in local stores that are backed "
            + "up to changelog topics, so a task that moves to another instance restores its store first. ").repeat(6);

    private static OnnxEmbedder embedder;
    private static AllMiniLmL6V2QuantizedEmbeddingModel langchain4j;

    @BeforeAll
    static void load() {
        embedder = new OnnxEmbedder(OnnxEmbedderConfig.defaults().withMaxBatchSize(4));
        langchain4j = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static List<float[]> langchain4j(List<String> texts) {
        return langchain4j.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(Embedding::vector)
                .toList();
    }

    private static int tokens(String text) {
        try (HuggingFaceTokenizer tokenizer = MiniLm.newTokenizer()) {
            return tokenizer.encode(text).getIds().length;
        }
    }

    @Nested
    class SameModelAsLangchain4j {
        @Test
        void shouldGiveLangchain4jsVectorsForTextsUpTo128Tokens() {
            // langchain4j rejects empty texts, so they are left out here
            List<String> texts = OnnxEmbedderTest.MIXED_LENGTHS.stream().filter(t -> !t.isEmpty()).toList();
            assertThat(texts).allSatisfy(text -> assertThat(tokens(text)).isLessThanOrEqualTo(128));
            List<float[]> theirs = langchain4j(texts);

            List<float[]> unbatched;
            try (OnnxEmbedder oneTextPerRun = new OnnxEmbedder(OnnxEmbedderConfig.defaults().withMaxBatchSize(1))) {
                unbatched = oneTextPerRun.embed(texts);
            }
            List<float[]> batched = embedder.embed(texts);

            for (int i = 0; i < texts.size(); i++) {
                // langchain4j runs one text at a time: so does a batch size of 1
                assertThat(cosine(unbatched.get(i), theirs.get(i))).as("text %d alone", i).isGreaterThan(0.999);
                // batched, the per-batch activation quantization moves vectors a little (see OnnxEmbedderTest)
                assertThat(cosine(batched.get(i), theirs.get(i))).as("text %d batched", i).isGreaterThan(0.96);
            }
        }

        @Test
        void shouldMatchLangchain4jOnLongerTextsOnlyWhenAlsoCutAt128Tokens() {
            assertThat(tokens(TEXT_OF_200_TOKENS)).isBetween(129, 255);
            float[] theirs = langchain4j(List.of(TEXT_OF_200_TOKENS)).getFirst();

            float[] ours = embedder.embed(List.of(TEXT_OF_200_TOKENS)).getFirst();
            float[] oursAt128;
            try (OnnxEmbedder at128 = new OnnxEmbedder(OnnxEmbedderConfig.defaults().withMaxSequenceLength(128))) {
                // a call of one text is a run of one text, as in langchain4j
                oursAt128 = at128.embed(List.of(TEXT_OF_200_TOKENS)).getFirst();
            }

            assertThat(cosine(oursAt128, theirs)).isGreaterThan(0.999);
            // all 200 tokens make a (slightly) different vector from the first 128
            assertThat(cosine(ours, theirs)).isLessThan(0.999);
        }
    }

    @Nested
    class Concurrency {
        @Test
        void shouldGiveEveryConcurrentCallerItsOwnCorrectVectors() throws Exception {
            List<List<String>> work = new ArrayList<>();
            for (int caller = 0; caller < 6; caller++) {
                List<String> texts = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    List<String> sentences = OnnxEmbedderTest.MIXED_LENGTHS;
                    String sentence = sentences.get((caller + i) % sentences.size());
                    texts.add(sentence + " (caller " + caller + ", text " + i + ")");
                }
                work.add(texts);
            }
            // the same call gives the same batches, so the same vectors, however many callers there are
            List<List<float[]>> expected = work.stream().map(embedder::embed).toList();

            List<Future<List<float[]>>> results = new ArrayList<>();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (List<String> texts : work) {
                    results.add(callers.submit(() -> embedder.embed(texts)));
                }
                for (int caller = 0; caller < work.size(); caller++) {
                    List<float[]> vectors = results.get(caller).get(1, TimeUnit.MINUTES);
                    for (int i = 0; i < vectors.size(); i++) {
                        assertThat(cosine(vectors.get(i), expected.get(caller).get(i)))
                                .as("caller %d, text %d", caller, i)
                                .isEqualTo(1.0, within(1e-6));
                    }
                }
            }
        }

        @Test
        void shouldWaitForCallsInProgressBeforeClosing() throws Exception {
            OnnxEmbedder closing = new OnnxEmbedder(OnnxEmbedderConfig.defaults().withMaxBatchSize(1));
            List<String> texts = Collections.nCopies(24, TEXT_OF_200_TOKENS);
            try (ExecutorService caller = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<List<float[]>> inProgress = caller.submit(() -> closing.embed(texts));
                // close as soon as the call has started: it must finish normally, not crash or fail
                while (!inProgress.isDone() && !closing.hasCallsInProgress()) {
                    Thread.onSpinWait();
                }
                closing.close();

                assertThat(inProgress.get(1, TimeUnit.MINUTES)).hasSize(24).doesNotContainNull();
            }
        }
    }
}
