package dev.sluice.processor.embed.coalesce;

import java.time.Duration;

/**
 * Settings of the {@link CoalescingEmbedder}. Invalid values fail with a message naming the configuration key.
 *
 * @param maxBatchSize  {@code embedding.max.batch.size}: most texts in one call of the wrapped embedder. Default 32,
 *                      TEI's {@code --max-client-batch-size}; keep it equal to the wrapped client's limit.
 * @param maxBatchBytes {@code embedding.max.request.bytes}: most bytes of one call, counted as TEI's JSON request
 *                      would take them ({@link TextSize}); an upper bound, so that a full batch still fits into one
 *                      TEI request of the same limit. Default 2 MiB, TEI's {@code --payload-limit}. A single text
 *                      larger than this goes alone (and the wrapped embedder decides about it).
 * @param maxInFlight   {@code embedding.coalesce.max.in.flight}: most calls of the wrapped embedder at once; while
 *                      all are busy, texts wait and the next call takes as many as fit. Default 16 (see
 *                      {@code TeiConfig#maxConcurrentRequests}).
 * @param linger        {@code embedding.coalesce.linger.ms}: how long a batch that is not full may wait for more
 *                      texts, counted from its first text, before it is sent. Default 10 ms. Under load it never
 *                      applies (all slots are busy, the queue fills batches by itself); it matters when a burst
 *                      arrives at an idle embedder: without it the first documents' few chunks each take a free slot
 *                      as a request of their own, and the rest wait for a second round. Measured on the 50-document
 *                      crawl (250 chunks, 16 slots): 18–27 requests in two rounds without linger, 10–11 requests in
 *                      one round with 15 ms.
 */
public record CoalescingConfig(int maxBatchSize, int maxBatchBytes, int maxInFlight, Duration linger) {
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    public static final int DEFAULT_MAX_BATCH_BYTES = 2 * 1024 * 1024;
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(10);
    /** Longest accepted linger; more would turn coalescing into a delay line. */
    static final Duration MAX_LINGER = Duration.ofSeconds(1);

    public CoalescingConfig {
        atLeast("embedding.max.batch.size", maxBatchSize, 1);
        atLeast("embedding.max.request.bytes", maxBatchBytes, TextSize.ENVELOPE_BYTES + 1);
        atLeast("embedding.coalesce.max.in.flight", maxInFlight, 1);
        if (linger == null || linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
            throw new IllegalArgumentException("embedding.coalesce.linger.ms must be between 0 and "
                    + MAX_LINGER.toMillis() + " but was " + (linger == null ? "null" : linger.toMillis()));
        }
    }

    /** Every default. */
    public static CoalescingConfig defaults() {
        return new CoalescingConfig(DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_IN_FLIGHT,
                DEFAULT_LINGER);
    }

    public CoalescingConfig withMaxBatchSize(int value) {
        return new CoalescingConfig(value, maxBatchBytes, maxInFlight, linger);
    }

    public CoalescingConfig withMaxBatchBytes(int value) {
        return new CoalescingConfig(maxBatchSize, value, maxInFlight, linger);
    }

    public CoalescingConfig withMaxInFlight(int value) {
        return new CoalescingConfig(maxBatchSize, maxBatchBytes, value, linger);
    }

    public CoalescingConfig withLinger(Duration value) {
        return new CoalescingConfig(maxBatchSize, maxBatchBytes, maxInFlight, value);
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + " but was " + value);
        }
    }
}
