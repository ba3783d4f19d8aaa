package dev.sluice.processor.search;

import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.engine.IndexTargets;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.processor.topology.LocalPartitions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search over the whole cluster from any instance: this instance's partitions, plus every other instance's (asked
 * over HTTP, found through Kafka Streams metadata), merged and fused by {@link HybridSearcher}. With a shared vector
 * store (Qdrant) the vector side is asked once, here, instead of through every partition. An instance that cannot
 * be reached leaves the answer {@linkplain SearchResponse#partial() partial} rather than failing it.
 */
public final class ClusterSearch {
    private static final Logger log = LoggerFactory.getLogger(ClusterSearch.class);

    private final LocalPartitions partitions;
    private final VectorStore sharedVectors;
    private final Embedder embedder;
    private final HybridSearchConfig config;
    private final Supplier<List<CandidateSource>> otherInstances;

    public ClusterSearch(LocalPartitions partitions, VectorStore sharedVectors, Embedder embedder,
            HybridSearchConfig config, Supplier<List<CandidateSource>> otherInstances) {
        this.partitions = partitions;
        this.sharedVectors = sharedVectors;
        this.embedder = embedder;
        this.config = config;
        this.otherInstances = otherInstances;
    }

    /** The answer and whether every instance contributed. */
    public record SearchResponse(List<SearchHit> hits, boolean partial, int instancesAsked, List<String> failures) {}

    public SearchResponse search(SearchRequest request) {
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<CandidateSource> sources = new ArrayList<>(localSources());
        if (sharedVectors != null) {
            sources.add(vectorOnly(sharedVectors));
        }
        List<CandidateSource> others = otherInstances.get();
        for (CandidateSource remote : others) {
            sources.add(tolerant(remote, failures));
        }
        List<SearchHit> hits = new HybridSearcher(MergedIndexes.keywords(sources), MergedIndexes.vectors(sources),
                embedder, config).search(request);
        return new SearchResponse(hits, !failures.isEmpty(), others.size() + 1, List.copyOf(failures));
    }

    /** Candidates from this instance's own partitions only: what other instances ask for. */
    public List<ScoredChunk> localKeyword(String query, int k, SearchFilter filter) {
        return MergedIndexes.merge(localSources(), s -> s.keyword(query, k, filter), k);
    }

    public List<ScoredChunk> localVector(float[] vector, int k, SearchFilter filter) {
        return MergedIndexes.merge(localSources(), s -> s.vector(vector, k, filter), k);
    }

    private List<CandidateSource> localSources() {
        List<CandidateSource> sources = new ArrayList<>();
        for (IndexTargets t : partitions.snapshot().values()) {
            // With a shared vector store, each partition's view of it would return the same chunks: skip it here.
            sources.add(MergedIndexes.local(t.keywords(), sharedVectors == null ? t.vectors() : NO_VECTORS));
        }
        return sources;
    }

    /** Searches nothing: a partition's view of the shared vector store, which is asked once instead. */
    private static final VectorStore NO_VECTORS = MergedIndexes.vectors(List.of());

    private static CandidateSource vectorOnly(VectorStore store) {
        return new CandidateSource() {
            @Override
            public List<ScoredChunk> keyword(String query, int k, SearchFilter filter) {
                return List.of();
            }

            @Override
            public List<ScoredChunk> vector(float[] vector, int k, SearchFilter filter) {
                return store.search(vector, k, filter);
            }
        };
    }

    private static CandidateSource tolerant(CandidateSource remote, List<String> failures) {
        return new CandidateSource() {
            @Override
            public List<ScoredChunk> keyword(String query, int k, SearchFilter filter) {
                return guarded(() -> remote.keyword(query, k, filter));
            }

            @Override
            public List<ScoredChunk> vector(float[] vector, int k, SearchFilter filter) {
                return guarded(() -> remote.vector(vector, k, filter));
            }

            private List<ScoredChunk> guarded(Supplier<List<ScoredChunk>> call) {
                try {
                    return call.get();
                } catch (RemoteCandidates.RemoteSearchException e) {
                    log.warn("Search answered without {}: {}", remote, e.getMessage());
                    failures.add(e.getMessage());
                    return List.of();
                }
            }
        };
    }
}
