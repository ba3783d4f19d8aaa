package dev.sluice.processor.engine;

import java.util.Objects;

/**
 * Settings of the {@link BatchIndexer}.
 *
 * @param maxConcurrentDocuments documents indexed at the same time across all batches of this instance
 *                               ({@code indexing.max.concurrent.documents}, default 64); each waits mostly on the
 *                               embedder and the stores, which bound their own requests in flight
 * @param retry                  per-document retry budget
 */
public record IndexingConfig(int maxConcurrentDocuments, RetryPolicy retry) {
    public static final IndexingConfig DEFAULT = new IndexingConfig(64, RetryPolicy.DEFAULT);

    public IndexingConfig {
        if (maxConcurrentDocuments < 1) {
            throw new IllegalArgumentException("indexing.max.concurrent.documents must be >= 1 but was "
                    + maxConcurrentDocuments);
        }
        Objects.requireNonNull(retry, "retry");
    }

    public IndexingConfig withRetry(RetryPolicy policy) {
        return new IndexingConfig(maxConcurrentDocuments, policy);
    }
}
