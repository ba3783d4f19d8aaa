package dev.sluice.processor.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.schemas.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class LuceneVectorStoreTest {
    static final String MODEL = "test-model";
    static final int DIMENSION = 4;

    @TempDir
    Path dir;

    LuceneVectorStore store;

    @BeforeEach
    void open() {
        store = new LuceneVectorStore(dir, DIMENSION, MODEL);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A document whose every chunk has {@code vector}. */
    private static TestDocument pointing(String id, float... vector) {
        return TestDocument.of(id).vectors(text -> vector);
    }

    private void put(TestDocument doc, String... texts) {
        store.upsert(doc.id(), doc.chunks(texts));
    }

    private List<String> nearest(float[] query, int k, SearchFilter filter) {
        return store.search(query, k, filter).stream().map(hit -> hit.chunk().documentId()).toList();
    }

    private static float[] v(float... values) {
        return values;
    }

    @Nested
    class Search {
        @Test
        void shouldReturnTheNearestByCosineWithCosineScores() {
            put(pointing("north", 1, 0, 0, 0), "n");
            put(pointing("east", 0, 1, 0, 0), "e");
            put(pointing("north-east", 1, 1, 0, 0), "ne");
            put(pointing("south", -1, 0, 0, 0), "s");

            List<ScoredChunk> hits = store.search(v(1, 0.2f, 0, 0), 4, SearchFilter.NONE);

            assertThat(hits).extracting(hit -> hit.chunk().documentId())
                    .containsExactly("north", "north-east", "east", "south");
            double norm = Math.sqrt(1 + 0.04);
            assertThat(hits.get(0).score()).isCloseTo((float) (1 / norm), within(1e-4f));
            assertThat(hits.get(3).score()).isCloseTo((float) (-1 / norm), within(1e-4f));
        }

        @Test
        void shouldIgnoreTheLengthOfVectors() {
            put(pointing("long", 10, 0, 0, 0), "l");
            put(pointing("diagonal", 1, 1, 0, 0), "d");

            List<ScoredChunk> hits = store.search(v(0.5f, 0, 0, 0), 2, SearchFilter.NONE);

            assertThat(hits.getFirst().chunk().documentId()).isEqualTo("long");
            assertThat(hits.getFirst().score()).isCloseTo(1f, within(1e-5f));
        }

        @Test
        void shouldReturnEveryStoredFieldWithoutTheVector() {
            List<IndexedChunk> chunks = pointing("page", 1, 0, 0, 0).title("Title").headingPath("A > B")
                    .url("https://docs.example.org/a/b").language("de").chunks("Erster Teil.");
            store.upsert("page", chunks);

            ScoredChunk hit = store.search(v(1, 0, 0, 0), 1, SearchFilter.NONE).getFirst();

            assertThat(hit.chunk()).isEqualTo(chunks.getFirst().withoutVector());
        }

        @Test
        void shouldSeeEveryUpsertThatReturnedWithoutAnExplicitRefresh() {
            put(pointing("first", 1, 0, 0, 0), "a");
            assertThat(nearest(v(1, 0, 0, 0), 10, SearchFilter.NONE)).containsExactly("first");

            put(pointing("second", 0, 1, 0, 0), "b");
            assertThat(nearest(v(1, 0, 0, 0), 10, SearchFilter.NONE)).containsExactly("first", "second");
            assertThat(store.chunkCount()).isEqualTo(2);
        }

        @Test
        void shouldRejectABadQueryVector() {
            assertThatThrownBy(() -> store.search(v(1, 0, 0), 1, SearchFilter.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("query vector has 3 dimensions but the store holds 4");
            assertThatThrownBy(() -> store.search(v(0, 0, 0, 0), 1, SearchFilter.NONE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.search(v(1, 0, 0, 0), 0, SearchFilter.NONE))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Filters {
        @BeforeEach
        void corpus() {
            // Many chunks near the query elsewhere, few far from it in the filtered places: a kNN that filtered after
            // the graph search would miss them.
            Random random = new Random(42);
            for (int i = 0; i < 300; i++) {
                float[] near = v(1, random.nextFloat() * 0.1f, random.nextFloat() * 0.1f, 0);
                put(pointing("near-" + i, near).url("https://crowd.example.com/" + i), "x");
            }
            put(pointing("lib", 0, 1, 0, 0).url("https://docs.python.org/3/library/json"), "x");
            put(pointing("lib-old", 0, 1, 1, 0).url("https://docs.python.org/3/library-old/json"), "x");
            put(pointing("fr", 0, 0, 1, 0).url("https://docs.python.org/fr/3/library/json").language("fr"), "x");
        }

        @Test
        void shouldFilterByDomainBeforeTheNearestAreChosen() {
            assertThat(nearest(v(1, 0, 0, 0), 10, new SearchFilter("docs.python.org", null, null)))
                    .containsExactlyInAnyOrder("lib", "lib-old", "fr");
        }

        @Test
        void shouldFilterByUrlPrefix() {
            assertThat(nearest(v(1, 0, 0, 0), 10, new SearchFilter(null, "https://docs.python.org/3/library/", null)))
                    .containsExactly("lib");
        }

        @Test
        void shouldFilterByLanguage() {
            assertThat(nearest(v(1, 0, 0, 0), 10, new SearchFilter(null, null, "fr"))).containsExactly("fr");
        }

        @Test
        void shouldReturnKResultsUnfiltered() {
            assertThat(nearest(v(1, 0, 0, 0), 10, SearchFilter.NONE)).hasSize(10).allMatch(id -> id.startsWith("near"));
        }
    }

    @Nested
    class Writes {
        @Test
        void shouldRemoveTheTailWhenADocumentShrinks() {
            put(pointing("page", 1, 0, 0, 0), "a", "b", "c", "d", "e");

            put(pointing("page", 1, 0, 0, 0), "a", "b");

            assertThat(store.chunkCount()).isEqualTo(2);
            assertThat(store.search(v(1, 0, 0, 0), 10, SearchFilter.NONE))
                    .extracting(hit -> hit.chunk().chunkIndex()).containsExactlyInAnyOrder(0, 1);
        }

        @Test
        void shouldKeepOneCopyOfEachChunkWhenReplayed() {
            for (int replay = 0; replay < 3; replay++) {
                put(pointing("page", 1, 0, 0, 0), "a", "b", "c");
            }

            assertThat(store.chunkCount()).isEqualTo(3);
        }

        @Test
        void shouldDeleteEveryChunkOfTheDocumentAndNothingElse() {
            put(pointing("gone", 1, 0, 0, 0), "a", "b");
            put(pointing("kept", 1, 0, 0, 0), "a");

            store.delete("gone");
            store.delete("never-indexed");

            assertThat(nearest(v(1, 0, 0, 0), 10, SearchFilter.NONE)).containsExactly("kept");
        }

        @Test
        void shouldTreatAnUpsertWithoutChunksAsADelete() {
            put(pointing("page", 1, 0, 0, 0), "a");

            store.upsert("page", List.of());

            assertThat(store.chunkCount()).isZero();
        }
    }

    @Nested
    class Rejections {
        private Consumer<IndexingException> rejected() {
            return e -> {
                assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_REJECTED);
                assertThat(e.stage()).isEqualTo(Stage.VECTOR_UPSERT);
                assertThat(e.retriable()).isFalse();
            };
        }

        @Test
        void shouldRejectAVectorOfTheWrongDimensionPermanently() {
            List<IndexedChunk> chunks = pointing("page", 1, 0, 0).chunks("a");

            assertThatThrownBy(() -> store.upsert("page", chunks))
                    .isInstanceOfSatisfying(IndexingException.class, rejected())
                    .hasMessage("the vector of chunk 0 of document page has 3 dimensions but the store holds 4");
        }

        @Test
        void shouldRejectAMissingVector() {
            List<IndexedChunk> chunks = TestDocument.of("page").chunks("a");

            assertThatThrownBy(() -> store.upsert("page", chunks))
                    .isInstanceOfSatisfying(IndexingException.class, rejected())
                    .hasMessage("chunk 0 of document page has no vector");
        }

        @Test
        void shouldRejectNonFiniteAndZeroVectors() {
            assertThatThrownBy(() -> store.upsert("page", pointing("page", 1, Float.NaN, 0, 0).chunks("a")))
                    .isInstanceOfSatisfying(IndexingException.class, rejected());
            assertThatThrownBy(() -> store.upsert("page", pointing("page", 0, 0, 0, 0).chunks("a")))
                    .isInstanceOfSatisfying(IndexingException.class, rejected());
        }

        @Test
        void shouldWriteNothingOfADocumentWithOneBadChunk() {
            List<IndexedChunk> good = pointing("page", 1, 0, 0, 0).chunks("a", "b");
            IndexedChunk bad = pointing("page", 1, 0).chunks("a", "b", "c").get(2);

            assertThatThrownBy(() -> store.upsert("page", List.of(good.get(0), good.get(1), bad)))
                    .isInstanceOf(IndexingException.class);
            assertThat(store.chunkCount()).isZero();
        }

        @Test
        void shouldNameTheKeyOfABadDimension(@TempDir Path other) {
            assertThatThrownBy(() -> new LuceneVectorStore(other, 0, MODEL))
                    .hasMessage("vector.dimension must be between 1 and 1024 but was 0");
            assertThatThrownBy(() -> new LuceneVectorStore(other, 4096, MODEL))
                    .hasMessage("vector.dimension must be between 1 and 1024 but was 4096");
        }
    }

    @Nested
    class Durability {
        @Test
        void shouldKeepTheDataWhenReopenedAfterClose() {
            put(pointing("page", 1, 0, 0, 0), "a", "b");
            store.close();

            store = new LuceneVectorStore(dir, DIMENSION, MODEL);

            assertThat(store.chunkCount()).isEqualTo(2);
            assertThat(nearest(v(1, 0, 0, 0), 10, SearchFilter.NONE)).containsExactly("page", "page");
        }

        @Test
        void shouldRefuseToMixDimensionsOrModelsAndReleaseTheDirectory() {
            put(pointing("page", 1, 0, 0, 0), "a");
            store.close();

            assertThatThrownBy(() -> new LuceneVectorStore(dir, 8, MODEL))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("holds vectors of dimension 4 but vector.dimension is 8");
            assertThatThrownBy(() -> new LuceneVectorStore(dir, DIMENSION, "other-model"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("holds vectors of model 'test-model' but the embedder is 'other-model'");

            store = new LuceneVectorStore(dir, DIMENSION, MODEL);
            assertThat(store.chunkCount()).isEqualTo(1);
        }

        @Test
        void shouldReportAFailedWriteAsRetriable(@TempDir Path faultyDir) throws IOException {
            var directory = new FailingDirectory(FSDirectory.open(faultyDir));
            try (LuceneVectorStore faulty = new LuceneVectorStore(faultyDir, DIMENSION, MODEL,
                    () -> LuceneIndex.open(faultyDir, directory, new StandardAnalyzer()))) {
                faulty.upsert("page", pointing("page", 1, 0, 0, 0).chunks("a"));
                directory.failing = true;

                assertThatThrownBy(faulty::commit).isInstanceOfSatisfying(IndexingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_UNAVAILABLE);
                    assertThat(e.stage()).isEqualTo(Stage.VECTOR_UPSERT);
                    assertThat(e.retriable()).isTrue();
                });
                directory.failing = false;
                assertThatCode(faulty::close).doesNotThrowAnyException();
            }
        }
    }
}
