package dev.sluice.processor.search;

import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import java.util.List;

/**
 * Where search candidates come from: a local index, or another instance's indexes over HTTP. BM25 scores of
 * different partitions are compared as they are (each partition's index has its own statistics, as shards of any
 * sharded search engine do); cosine similarities are comparable everywhere.
 */
public interface CandidateSource {
    List<ScoredChunk> keyword(String query, int k, SearchFilter filter);

    List<ScoredChunk> vector(float[] vector, int k, SearchFilter filter);
}
