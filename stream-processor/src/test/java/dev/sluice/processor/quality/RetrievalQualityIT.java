package dev.sluice.processor.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.chunk.ChunkingConfig;
import dev.sluice.processor.chunk.ModelTokenCounter;
import dev.sluice.processor.chunk.StructureAwareChunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.embed.onnx.OnnxEmbedder;
import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexRequest;
import dev.sluice.processor.engine.IndexResult;
import dev.sluice.processor.engine.IndexTargets;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.index.lucene.LuceneKeywordIndex;
import dev.sluice.processor.index.lucene.LuceneVectorStore;
import dev.sluice.processor.search.HybridSearcher;
import dev.sluice.processor.search.SearchHit;
import dev.sluice.processor.search.SearchMode;
import dev.sluice.processor.search.SearchRequest;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.OutcomeStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Retrieval quality on real text: the Python 3.11 library reference (317 pages, as Debian's python3-doc ships it;
 * see tools/make-quality-corpus.py) indexed through the real engine — cleaner, chunker, in-process MiniLM, Lucene —
 * and 80 natural-language queries judged by hand (resources/quality/queries.tsv). Prints MRR@10 and recall@10 per
 * mode (the figures in docs/quality.md) and checks that hybrid search is no worse than the better single mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrievalQualityIT {
    private static final int K = 10;

    @TempDir
    static Path dir;

    private Embedder embedder;
    private LuceneKeywordIndex keywords;
    private LuceneVectorStore vectors;
    private final List<Query> queries = new ArrayList<>();

    record Query(String text, List<String> relevant) {}

    record Scores(double mrr, double recall) {}

    @BeforeAll
    void indexCorpus() throws Exception {
        embedder = new OnnxEmbedder();
        keywords = new LuceneKeywordIndex(dir.resolve("bm25"));
        vectors = new LuceneVectorStore(dir.resolve("vectors"), embedder.dimension(), embedder.modelId());
        List<DocumentEvent> corpus = corpus();
        try (BatchIndexer indexer = new BatchIndexer(new StructuredTextCleaner(),
                new StructureAwareChunker(ChunkingConfig.defaults(), new ModelTokenCounter()), embedder,
                IndexingConfig.DEFAULT, Clock.systemUTC())) {
            long start = System.nanoTime();
            int chunks = 0;
            for (int i = 0; i < corpus.size(); i += 32) {
                List<IndexRequest> batch = corpus.subList(i, Math.min(i + 32, corpus.size())).stream()
                        .map(d -> IndexRequest.upsert(d, null)).toList();
                for (IndexResult r : indexer.index("quality-" + i, batch, new IndexTargets(vectors, keywords))) {
                    assertThat(r.status()).as(r.outcome().documentId()).isEqualTo(OutcomeStatus.INDEXED);
                    chunks += r.outcome().chunkCount();
                }
            }
            System.out.printf(Locale.ROOT, "quality corpus: %d documents, %d chunks, indexed in %.1f s%n",
                    corpus.size(), chunks, (System.nanoTime() - start) / 1e9);
        }
        queries.addAll(queries());
    }

    @AfterAll
    void close() {
        if (keywords != null) keywords.close();
        if (vectors != null) vectors.close();
        if (embedder != null) embedder.close();
    }

    @Test
    void hybridShouldBeNoWorseThanTheBetterSingleMode() {
        HybridSearcher searcher = new HybridSearcher(keywords, vectors, embedder);
        Map<SearchMode, Scores> scores = new EnumMap<>(SearchMode.class);
        for (SearchMode mode : SearchMode.values()) {
            scores.put(mode, evaluate(searcher, mode));
        }
        StringBuilder table = new StringBuilder("| mode | MRR@10 | recall@10 |\n|---|---|---|\n");
        scores.forEach((mode, s) -> table.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f |%n",
                mode.name().toLowerCase(Locale.ROOT), s.mrr(), s.recall())));
        System.out.println("retrieval quality over " + queries.size() + " queries:\n" + table);

        Scores hybrid = scores.get(SearchMode.HYBRID);
        double bestMrr = Math.max(scores.get(SearchMode.BM25).mrr(), scores.get(SearchMode.VECTOR).mrr());
        double bestRecall = Math.max(scores.get(SearchMode.BM25).recall(), scores.get(SearchMode.VECTOR).recall());
        assertThat(hybrid.mrr()).as("hybrid MRR@10 vs the better single mode").isGreaterThanOrEqualTo(bestMrr);
        assertThat(hybrid.recall()).as("hybrid recall@10 vs the better single mode")
                .isGreaterThanOrEqualTo(bestRecall);
    }

    private Scores evaluate(HybridSearcher searcher, SearchMode mode) {
        double mrr = 0;
        double recall = 0;
        for (Query q : queries) {
            List<SearchHit> hits = searcher.search(new SearchRequest(q.text(), mode, K, null, false));
            List<String> ids = hits.stream().map(SearchHit::documentId).toList();
            for (int rank = 0; rank < ids.size(); rank++) {
                if (q.relevant().contains(ids.get(rank))) {
                    mrr += 1.0 / (rank + 1);
                    break;
                }
            }
            recall += (double) q.relevant().stream().filter(ids::contains).count() / q.relevant().size();
        }
        return new Scores(mrr / queries.size(), recall / queries.size());
    }

    private static List<DocumentEvent> corpus() throws IOException {
        List<DocumentEvent> docs = new ArrayList<>();
        try (BufferedReader in = reader("/quality/python-library.jsonl.gz", true)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode page = Json.mapper().readTree(line);
                docs.add(DocumentEvent.builder(page.get("url").asString())
                        .documentId(page.get("id").asString())
                        .title(page.get("title").asString())
                        .html(page.get("html").asString())
                        .language("en")
                        .build());
            }
        }
        return docs;
    }

    private static List<Query> queries() throws IOException {
        List<Query> out = new ArrayList<>();
        try (BufferedReader in = reader("/quality/queries.tsv", false)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.split("\t");
                out.add(new Query(parts[0].strip(), List.of(parts[1].strip().split(","))));
            }
        }
        return out;
    }

    private static BufferedReader reader(String resource, boolean gzip) throws IOException {
        InputStream in = RetrievalQualityIT.class.getResourceAsStream(resource);
        if (in == null) throw new IOException(resource + " is missing");
        return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
    }
}
