package dev.sluice.processor.search;

import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.KeywordIndex;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.processor.index.VectorStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Read-only views that search several candidate sources (partitions, instances) as one index: each answers its best
 * {@code k}, and the union is cut to the best {@code k} by score. A chunk that two sources return (a shared vector
 * store seen through several partitions) counts once. The {@link HybridSearcher} then fuses the merged rankings as it
 * would a single index's.
 */
public final class MergedIndexes {
    private MergedIndexes() {}

    private static final Comparator<ScoredChunk> BEST_FIRST = Comparator.comparingDouble(ScoredChunk::score)
            .reversed().thenComparing(h -> h.chunk().chunkId());

    static List<ScoredChunk> merge(List<CandidateSource> sources, Function<CandidateSource, List<ScoredChunk>> search,
            int k) {
        List<ScoredChunk> all = new ArrayList<>();
        for (CandidateSource source : sources) {
            all.addAll(search.apply(source));
        }
        all.sort(BEST_FIRST);
        Set<String> seen = new HashSet<>();
        List<ScoredChunk> best = new ArrayList<>(Math.min(k, all.size()));
        for (ScoredChunk hit : all) {
            if (best.size() == k) break;
            if (seen.add(hit.chunk().chunkId())) best.add(hit);
        }
        return best;
    }

    public static KeywordIndex keywords(List<CandidateSource> sources) {
        return new ReadOnlyKeywords() {
            @Override
            public List<ScoredChunk> search(String query, int k, SearchFilter filter) {
                return merge(sources, s -> s.keyword(query, k, filter), k);
            }
        };
    }

    public static VectorStore vectors(List<CandidateSource> sources) {
        return new ReadOnlyVectors() {
            @Override
            public List<ScoredChunk> search(float[] vector, int k, SearchFilter filter) {
                return merge(sources, s -> s.vector(vector, k, filter), k);
            }
        };
    }

    /** A local partition's indexes as a candidate source. */
    public static CandidateSource local(KeywordIndex keywords, VectorStore vectors) {
        return new CandidateSource() {
            @Override
            public List<ScoredChunk> keyword(String query, int k, SearchFilter filter) {
                return keywords.search(query, k, filter);
            }

            @Override
            public List<ScoredChunk> vector(float[] vector, int k, SearchFilter filter) {
                return vectors.search(vector, k, filter);
            }
        };
    }

    private abstract static class ReadOnlyKeywords implements KeywordIndex {
        @Override
        public void upsert(String documentId, List<IndexedChunk> chunks) {
            throw new IllegalStateException("a merged search view is read-only");
        }

        @Override
        public void delete(String documentId) {
            throw new IllegalStateException("a merged search view is read-only");
        }

        @Override
        public long chunkCount() {
            throw new IllegalStateException("a merged search view does not count");
        }

        @Override
        public long documentCount() {
            throw new IllegalStateException("a merged search view does not count");
        }
    }

    private abstract static class ReadOnlyVectors implements VectorStore {
        @Override
        public void upsert(String documentId, List<IndexedChunk> chunks) {
            throw new IllegalStateException("a merged search view is read-only");
        }

        @Override
        public void delete(String documentId) {
            throw new IllegalStateException("a merged search view is read-only");
        }
    }
}
