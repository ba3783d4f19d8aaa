package dev.sluice.processor.topology;

/**
 * Bounds the documents and bytes being indexed at once by all tasks of this instance
 * ({@code indexing.max.inflight.documents}, default 256; {@code indexing.max.inflight.bytes}, default 64 MiB). A task
 * that cannot get room for its next batch leaves the batch in its buffer and tries again later: backpressure
 * instead of memory growth. A batch larger than the whole budget is admitted when nothing else is in flight, so that
 * it cannot wait forever.
 */
public final class InflightLimiter {
    private final int maxDocuments;
    private final long maxBytes;
    private int documents;
    private long bytes;

    public InflightLimiter(int maxDocuments, long maxBytes) {
        if (maxDocuments < 1) {
            throw new IllegalArgumentException("indexing.max.inflight.documents must be >= 1 but was " + maxDocuments);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("indexing.max.inflight.bytes must be >= 1 but was " + maxBytes);
        }
        this.maxDocuments = maxDocuments;
        this.maxBytes = maxBytes;
    }

    public static InflightLimiter defaults() {
        return new InflightLimiter(256, 64L << 20);
    }

    /** Takes room for a batch if there is some; never blocks. */
    public synchronized boolean tryAcquire(int batchDocuments, long batchBytes) {
        boolean idle = documents == 0;
        if (!idle && (documents + batchDocuments > maxDocuments || bytes + batchBytes > maxBytes)) {
            return false;
        }
        documents += batchDocuments;
        bytes += batchBytes;
        return true;
    }

    public synchronized void release(int batchDocuments, long batchBytes) {
        documents -= batchDocuments;
        bytes -= batchBytes;
        if (documents < 0 || bytes < 0) {
            throw new IllegalStateException("released more than acquired: " + documents + " documents, "
                    + bytes + " bytes");
        }
    }

    public synchronized int documentsInFlight() {
        return documents;
    }

    public synchronized long bytesInFlight() {
        return bytes;
    }
}
