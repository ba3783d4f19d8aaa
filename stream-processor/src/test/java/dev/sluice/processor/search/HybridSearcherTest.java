package dev.sluice.processor.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.processor.index.lucene.LuceneKeywordIndex;
import dev.sluice.processor.index.lucene.LuceneVectorStore;
import dev.sluice.processor.index.lucene.TestDocument;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Lucene indexes in temporary directories, a deterministic stand-in for the embedding model. */
class HybridSearcherTest {

    @TempDir
    Path dir;

    LuceneKeywordIndex keywords;
    LuceneVectorStore vectors;
    HybridSearcher searcher;

    @BeforeEach
    void open() {
        HashingEmbedder embedder = new HashingEmbedder();
        keywords = new LuceneKeywordIndex(dir.resolve("bm25"));
        vectors = new LuceneVectorStore(dir.resolve("vectors"), embedder.dimension(), embedder.modelId());
        searcher = new HybridSearcher(keywords, vectors, embedder);
    }

    @AfterEach
    void close() {
        keywords.close();
        vectors.close();
    }

    private void index(TestDocument doc, String... texts) {
        List<IndexedChunk> chunks = doc.vectors(HashingEmbedder::embed).chunks(texts);
        keywords.upsert(doc.id(), chunks);
        vectors.upsert(doc.id(), chunks);
    }

    private void indexCorpus() {
        index(TestDocument.of("cars").title("Buying a car"),
                "A car needs regular service and new tyres.",
                "Electric car batteries last about ten years.");
        index(TestDocument.of("autos").title("Automobile history"),
                "The automobile changed cities in the twentieth century.");
        index(TestDocument.of("cats").title("Cat care"),
                "Cats sleep most of the day.",
                "A kitten needs food every few hours.");
        index(TestDocument.of("batteries").title("Battery chemistry"),
                "Lithium batteries store energy in cells.");
        index(TestDocument.of("garden").title("Gardening"),
                "Tomatoes grow well in warm soil.");
        index(TestDocument.of("blog-car").url("https://blog.example.com/car").title("Road trip"),
                "My car broke down on the highway.");
        keywords.refresh();
    }

    private List<SearchHit> search(String query, SearchMode mode) {
        return searcher.search(new SearchRequest(query, mode, 10, SearchFilter.NONE, false));
    }

    private static List<String> documentIds(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::documentId).toList();
    }

    @Nested
    class SingleModes {
        @BeforeEach
        void corpus() {
            indexCorpus();
        }

        @Test
        void shouldRankByBm25AloneInBm25Mode() {
            List<SearchHit> hits = search("car", SearchMode.BM25);

            assertThat(documentIds(hits)).containsExactlyInAnyOrder("cars", "blog-car");
            assertThat(hits).extracting(SearchHit::bm25Rank).containsExactly(1, 2);
            assertThat(hits).extracting(SearchHit::vectorRank).containsOnlyNulls();
            assertThat(hits).allMatch(hit -> hit.score() > 0)
                    .isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
        }

        @Test
        void shouldFindByMeaningInVectorMode() {
            List<SearchHit> hits = search("automobile", SearchMode.VECTOR);

            assertThat(documentIds(hits).subList(0, 3)).containsExactlyInAnyOrder("cars", "autos", "blog-car");
            assertThat(hits).extracting(SearchHit::bm25Rank).containsOnlyNulls();
            assertThat(hits).extracting(SearchHit::vectorRank)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, hits.size()).boxed().toList());
            assertThat(hits.getFirst().score()).isBetween(0.0, 1.0);
            assertThat(search("automobile", SearchMode.BM25)).extracting(SearchHit::documentId)
                    .containsExactly("autos");
        }

        @Test
        void shouldFindNothingByBm25ForStopWordsOnly() {
            assertThat(search("the of and", SearchMode.BM25)).isEmpty();
        }
    }

    @Nested
    class Hybrid {
        @BeforeEach
        void corpus() {
            indexCorpus();
        }

        @Test
        void shouldReportTheRankOfEachModeAndScoreByTheirReciprocalRanks() {
            List<String> bm25 = documentIds(search("car", SearchMode.BM25));
            List<String> vector = documentIds(search("car", SearchMode.VECTOR));

            List<SearchHit> hits = search("car", SearchMode.HYBRID);

            assertThat(hits).isNotEmpty().allSatisfy(hit -> {
                int bm25Position = bm25.indexOf(hit.documentId());
                int vectorPosition = vector.indexOf(hit.documentId());
                assertThat(hit.bm25Rank()).isEqualTo(bm25Position < 0 ? null : bm25Position + 1);
                assertThat(hit.vectorRank()).isEqualTo(vectorPosition < 0 ? null : vectorPosition + 1);
                double expected = (hit.bm25Rank() == null ? 0 : 1.0 / (60 + hit.bm25Rank()))
                        + (hit.vectorRank() == null ? 0 : 1.0 / (60 + hit.vectorRank()));
                assertThat(hit.score()).isCloseTo(expected, within(1e-12));
            });
            assertThat(hits).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
        }

        @Test
        void shouldPutDocumentsFoundByBothModesFirstAndKeepThoseFoundByOne() {
            List<SearchHit> hits = search("car", SearchMode.HYBRID);

            assertThat(documentIds(hits).subList(0, 2)).containsExactlyInAnyOrder("cars", "blog-car");
            SearchHit autos = hits.stream().filter(hit -> hit.documentId().equals("autos")).findFirst().orElseThrow();
            assertThat(autos.bm25Rank()).isNull();
            assertThat(autos.vectorRank()).isNotNull();
        }

        @Test
        void shouldReturnVectorResultsWhenNoKeywordIsLeft() {
            List<SearchHit> hits = search("the of and", SearchMode.HYBRID);

            assertThat(hits).isNotEmpty().allMatch(hit -> hit.bm25Rank() == null && hit.vectorRank() != null);
        }

        @Test
        void shouldUseTheConfiguredK() {
            HybridSearcher k1 = new HybridSearcher(keywords, vectors, new HashingEmbedder(),
                    new HybridSearchConfig(1, 50, 4, 300));

            SearchHit top = k1.search(SearchRequest.of("car")).getFirst();

            double expected = (top.bm25Rank() == null ? 0 : 1.0 / (1 + top.bm25Rank()))
                    + (top.vectorRank() == null ? 0 : 1.0 / (1 + top.vectorRank()));
            assertThat(top.score()).isCloseTo(expected, within(1e-12));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"", "AND OR", "*", "(((", "🚗🚗", "car:::^~"})
        void shouldNeverThrowOnHostileQueries(String query) {
            assertThatCode(() -> search(query, SearchMode.HYBRID)).doesNotThrowAnyException();
        }
    }

    @Nested
    class Grouping {
        @BeforeEach
        void corpus() {
            indexCorpus();
        }

        @Test
        void shouldReturnOneResultPerDocumentShowingItsBestChunk() {
            List<SearchHit> hits = search("electric car batteries", SearchMode.HYBRID);

            assertThat(documentIds(hits)).doesNotHaveDuplicates();
            SearchHit cars = hits.stream().filter(hit -> hit.documentId().equals("cars")).findFirst().orElseThrow();
            assertThat(cars.chunkIndex()).isEqualTo(1);
            assertThat(cars.snippet()).isEqualTo("Electric car batteries last about ten years.");
            assertThat(cars.title()).isEqualTo("Buying a car");
            assertThat(cars.url()).isEqualTo("https://docs.example.org/cars");
        }

        @Test
        void shouldReturnEveryMatchingChunkWhenAskedPerChunk() {
            List<SearchHit> hits = searcher.search(
                    new SearchRequest("car", SearchMode.BM25, 10, SearchFilter.NONE, true));

            assertThat(hits).filteredOn(hit -> hit.documentId().equals("cars"))
                    .extracting(SearchHit::chunkIndex).containsExactlyInAnyOrder(0, 1);
            assertThat(hits).extracting(SearchHit::bm25Rank)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, hits.size()).boxed().toList());
        }

        @Test
        void shouldReturnAtMostTheLimit() {
            List<SearchHit> hits = searcher.search(
                    new SearchRequest("car", SearchMode.HYBRID, 2, SearchFilter.NONE, false));

            assertThat(hits).hasSize(2);
        }
    }

    @Nested
    class Filters {
        @Test
        void shouldApplyTheFilterInEveryMode() {
            indexCorpus();
            SearchFilter blog = new SearchFilter("blog.example.com", null, null);

            for (SearchMode mode : SearchMode.values()) {
                List<SearchHit> hits = searcher.search(new SearchRequest("car", mode, 10, blog, false));
                assertThat(documentIds(hits)).as(mode.name()).containsExactly("blog-car");
            }
        }
    }

    @Nested
    class SnippetsOfResults {
        @Test
        void shouldShowThePartOfALongChunkAroundTheQueryTerm() {
            String longText = IntStream.range(0, 300).mapToObj(i -> i == 200 ? "carburettor" : "filler" + i)
                    .collect(Collectors.joining(" "));
            index(TestDocument.of("manual").title("Manual"), longText);
            keywords.refresh();

            SearchHit hit = search("carburettor", SearchMode.BM25).getFirst();

            assertThat(hit.snippet()).contains("carburettor").startsWith("…").endsWith("…");
            assertThat(hit.snippet().length()).isLessThanOrEqualTo(HybridSearchConfig.DEFAULT_SNIPPET_MAX_CHARS + 2);
        }
    }

    @Nested
    class EmptyIndex {
        @Test
        void shouldFindNothing() {
            for (SearchMode mode : SearchMode.values()) {
                assertThat(search("car", mode)).as(mode.name()).isEmpty();
            }
        }
    }
}
