package dev.sluice.benchmarks;

import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.embed.coalesce.CoalescingConfig;
import dev.sluice.processor.embed.coalesce.CoalescingEmbedder;
import dev.sluice.processor.embed.tei.TeiConfig;
import dev.sluice.processor.embed.tei.TeiEmbedder;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.engine.RetryPolicy;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.processor.index.coalesce.CoalescingVectorStore;
import dev.sluice.processor.index.coalesce.UpsertCoalescingConfig;
import dev.sluice.processor.index.qdrant.QdrantConfig;
import dev.sluice.processor.index.qdrant.QdrantVectorStore;
import dev.sluice.processor.topology.BatchingConfig;
import dev.sluice.processor.topology.InflightLimiter;
import java.net.URI;
import java.time.Duration;

/**
 * How one processor instance is configured in a benchmark: Sluice's defaults, or Sluice's code set up like one of the
 * old worker's designs. Every instance of a configuration gets the same settings, so a group of N instances has N
 * times one instance's concurrency.
 */
enum Profile {
    /** The defaults: batches of 16 with a 100 ms linger (10 ms idle), 64 documents indexed at once, coalescing. */
    SLUICE("sluice", "Sluice defaults: batches of ≤16 (100 ms linger, 10 ms idle), 64 documents at once "
            + "(256 in flight), chunks of all documents coalesced into requests of ≤32, 16 requests in flight; "
            + "vectors of all documents coalesced into Qdrant writes of ≤256 points, 8 in flight"),
    /** The old sequential worker: one document at a time, one embedding request per document. */
    SEQUENTIAL("sequential", "like the old sequential worker: batches of 1, one document in flight, one embedding "
            + "request and one Qdrant upsert per document (no coalescing), 1 request in flight"),
    /** The old worker's later variant: four documents at once, one embedding request each. */
    FOUR_AT_ONCE("four_at_once", "like the old four-at-once worker: batches of ≤4, 4 documents in flight, one "
            + "embedding request and one Qdrant upsert per document (no coalescing), 4 requests in flight");

    private final String label;
    private final String description;

    Profile(String label, String description) {
        this.label = label;
        this.description = description;
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }

    /** A new embedder for one instance, talking to the TEI at {@code teiUrl}. */
    Embedder embedder(String teiUrl) {
        TeiConfig.Builder tei = TeiConfig.builder(URI.create(teiUrl)).expectedDimension(384);
        return switch (this) {
            case SLUICE -> new CoalescingEmbedder(
                    new TeiEmbedder(tei.maxConcurrentRequests(CoalescingConfig.DEFAULT_MAX_IN_FLIGHT).build()),
                    CoalescingConfig.defaults());
            case SEQUENTIAL -> new TeiEmbedder(tei.maxConcurrentRequests(1).build());
            case FOUR_AT_ONCE -> new TeiEmbedder(tei.maxConcurrentRequests(4).build());
        };
    }

    /**
     * A new vector store for one instance on the Qdrant {@code config} names: Sluice coalesces the writes of the
     * documents indexed at once; the old workers wrote each document with requests of its own.
     */
    VectorStore vectorStore(QdrantConfig config) {
        return switch (this) {
            case SLUICE -> new CoalescingVectorStore(QdrantVectorStore.open(config), UpsertCoalescingConfig.defaults());
            case SEQUENTIAL, FOUR_AT_ONCE -> QdrantVectorStore.open(config);
        };
    }

    /** Concurrency of indexing of one instance. */
    IndexingConfig indexing() {
        return switch (this) {
            case SLUICE -> IndexingConfig.DEFAULT;
            case SEQUENTIAL -> new IndexingConfig(1, RetryPolicy.NONE);
            case FOUR_AT_ONCE -> new IndexingConfig(4, RetryPolicy.NONE);
        };
    }

    BatchingConfig batching() {
        return switch (this) {
            case SLUICE -> BatchingConfig.DEFAULT;
            // the old workers took whatever jobs were queued, up to their size, without waiting for more
            case SEQUENTIAL -> BatchingConfig.DEFAULT.withMaxDocuments(1).withLinger(Duration.ZERO);
            case FOUR_AT_ONCE -> BatchingConfig.DEFAULT.withMaxDocuments(4).withLinger(Duration.ZERO);
        };
    }

    /** A new limiter for one instance (each instance has its own). */
    InflightLimiter limiter() {
        return switch (this) {
            case SLUICE -> InflightLimiter.defaults();
            case SEQUENTIAL -> new InflightLimiter(1, Long.MAX_VALUE);
            case FOUR_AT_ONCE -> new InflightLimiter(4, Long.MAX_VALUE);
        };
    }
}
