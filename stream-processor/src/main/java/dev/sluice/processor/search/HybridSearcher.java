package dev.sluice.processor.search;

import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.KeywordIndex;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.VectorStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

/**
 * Answers a {@link SearchRequest} from a keyword index and a vector store.
 *
 * <p>Each index asked (BM25, vector or both, by mode) returns its best chunks, several times as many as results wanted
 * ({@link HybridSearchConfig}). For one result per document, each ranking is first collapsed to
 * documents (a document ranks where its best chunk ranks), then the rankings are fused with
 * {@link ReciprocalRankFusion}: a document found by BM25 in one chunk and by the vector search in another gets credit
 * from both. The chunk shown for it is its best chunk by the same fusion at chunk level. Per chunk, the chunk rankings
 * are fused directly. Ranks reported are those of the fused unit (document or chunk) in each ranking.
 *
 * <p>A query with no searchable keyword (only stop words or punctuation) finds nothing by BM25; in hybrid mode the
 * vector results still come back.
 *
 * <p>Errors of the embedder (query vector) and the indexes propagate. Safe for concurrent use when its collaborators
 * are.
 */
public final class HybridSearcher {
    private static final int BM25 = 0;
    private static final int VECTOR = 1;

    private final KeywordIndex keywordIndex;
    private final VectorStore vectorStore;
    private final Embedder embedder;
    private final HybridSearchConfig config;
    private final Snippets snippets;

    public HybridSearcher(KeywordIndex keywordIndex, VectorStore vectorStore, Embedder embedder) {
        this(keywordIndex, vectorStore, embedder, HybridSearchConfig.defaults());
    }

    public HybridSearcher(KeywordIndex keywordIndex, VectorStore vectorStore, Embedder embedder,
            HybridSearchConfig config) {
        this.keywordIndex = Objects.requireNonNull(keywordIndex, "keywordIndex");
        this.vectorStore = Objects.requireNonNull(vectorStore, "vectorStore");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.config = Objects.requireNonNull(config, "config");
        // The keyword index's analysis, so that the snippet is placed on the word BM25 matched.
        this.snippets = new Snippets(new EnglishAnalyzer(), config.snippetMaxChars());
    }

    public List<SearchHit> search(SearchRequest request) {
        Objects.requireNonNull(request, "request");
        int depth = config.candidateDepth(request.limit());
        List<ScoredChunk> bm25 = request.mode() == SearchMode.VECTOR
                ? List.of()
                : keywordIndex.search(request.query(), depth, request.filter());
        List<ScoredChunk> vector = request.mode() == SearchMode.BM25
                ? List.of()
                : vectorStore.search(embedder.embedQuery(request.query()), depth, request.filter());

        List<List<ScoredChunk>> rankings = List.of(bm25, vector);
        Map<String, ScoredChunk> chunksById = new HashMap<>();
        rankings.forEach(ranking -> ranking.forEach(hit -> chunksById.putIfAbsent(hit.chunk().chunkId(), hit)));

        List<ReciprocalRankFusion.Fused<String>> chunkFusion =
                ReciprocalRankFusion.fuse(keys(rankings, hit -> hit.chunk().chunkId()), config.rrfK());
        Set<String> queryTerms = snippets.queryTerms(request.query());
        List<SearchHit> hits = new ArrayList<>(request.limit());
        if (request.perChunk()) {
            for (ReciprocalRankFusion.Fused<String> fused : chunkFusion) {
                if (hits.size() == request.limit()) break;
                hits.add(hit(request.mode(), chunksById.get(fused.key()), fused, queryTerms));
            }
            return hits;
        }
        // A document's chunk to show: its first in the chunk-level fusion.
        Map<String, String> bestChunkOfDocument = new LinkedHashMap<>();
        for (ReciprocalRankFusion.Fused<String> fused : chunkFusion) {
            bestChunkOfDocument.putIfAbsent(chunksById.get(fused.key()).chunk().documentId(), fused.key());
        }
        List<ReciprocalRankFusion.Fused<String>> documentFusion =
                ReciprocalRankFusion.fuse(keys(rankings, hit -> hit.chunk().documentId()), config.rrfK());
        for (ReciprocalRankFusion.Fused<String> fused : documentFusion) {
            if (hits.size() == request.limit()) break;
            ScoredChunk best = chunksById.get(bestChunkOfDocument.get(fused.key()));
            hits.add(hit(request.mode(), best, fused, queryTerms));
        }
        return hits;
    }

    private static List<List<String>> keys(List<List<ScoredChunk>> rankings, Function<ScoredChunk, String> key) {
        return rankings.stream().map(ranking -> ranking.stream().map(key).toList()).toList();
    }

    private SearchHit hit(SearchMode mode, ScoredChunk shown, ReciprocalRankFusion.Fused<String> fused,
            Set<String> queryTerms) {
        IndexedChunk chunk = shown.chunk();
        // Hybrid: the fused score. One mode: the index's own score of the chunk shown, which is that mode's best
        // chunk of the document (one ranking: chunk and document fusion agree on it).
        double score = mode == SearchMode.HYBRID ? fused.score() : shown.score();
        return new SearchHit(chunk.documentId(), chunk.url(), chunk.title(), chunk.headingPath(),
                snippets.snippet(chunk.text(), queryTerms), score, fused.rankIn(BM25), fused.rankIn(VECTOR),
                chunk.chunkIndex());
    }
}
