package dev.sluice.processor.engine;

import dev.sluice.processor.index.KeywordIndex;
import dev.sluice.processor.index.VectorStore;
import java.util.Objects;

/**
 * Where a batch is written: the vector store (Qdrant, shared; or the partition's Lucene HNSW index) and the keyword
 * index of the batch's partition.
 */
public record IndexTargets(VectorStore vectors, KeywordIndex keywords) {
    public IndexTargets {
        Objects.requireNonNull(vectors, "vectors");
        Objects.requireNonNull(keywords, "keywords");
    }
}
