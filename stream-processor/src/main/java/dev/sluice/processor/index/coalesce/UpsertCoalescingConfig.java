package dev.sluice.processor.index.coalesce;

import java.time.Duration;

/**
 * Settings of the {@link CoalescingVectorStore}. Invalid values fail with a message naming the configuration key.
 *
 * @param maxPoints   {@code sluice.qdrant.upsert.batch-size}: most points (chunks) in one call of the wrapped store;
 *                    a document counts at least one point, and a larger document goes alone. Default 256, Qdrant's
 *                    {@code qdrant.upsert.batch.size}, so that a full call is one upsert request.
 * @param maxInFlight {@code sluice.qdrant.upsert.max-in-flight}: most calls of the wrapped store at once; while all are
 *                    busy, documents wait and the next call takes as many as fit. Default 8.
 * @param linger      {@code sluice.qdrant.upsert.linger}: how long a call that is not full may wait for more documents,
 *                    counted from its first one, before it is sent. Default 5 ms: documents of one batch finish
 *                    embedding within a few milliseconds of each other (their chunks share embedding requests), and
 *                    without a linger the first of them would each take a free slot as a call of their own.
 */
public record UpsertCoalescingConfig(int maxPoints, int maxInFlight, Duration linger) {
    public static final int DEFAULT_MAX_POINTS = 256;
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
    /** Longest accepted linger; more would turn coalescing into a delay line. */
    static final Duration MAX_LINGER = Duration.ofSeconds(1);

    public UpsertCoalescingConfig {
        atLeastOne("sluice.qdrant.upsert.batch-size", maxPoints);
        atLeastOne("sluice.qdrant.upsert.max-in-flight", maxInFlight);
        if (linger == null || linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
            throw new IllegalArgumentException("sluice.qdrant.upsert.linger must be between 0 and "
                    + MAX_LINGER.toMillis() + " ms but was " + (linger == null ? "null" : linger.toMillis() + " ms"));
        }
    }

    /** Every default. */
    public static UpsertCoalescingConfig defaults() {
        return new UpsertCoalescingConfig(DEFAULT_MAX_POINTS, DEFAULT_MAX_IN_FLIGHT, DEFAULT_LINGER);
    }

    public UpsertCoalescingConfig withMaxPoints(int value) {
        return new UpsertCoalescingConfig(value, maxInFlight, linger);
    }

    public UpsertCoalescingConfig withMaxInFlight(int value) {
        return new UpsertCoalescingConfig(maxPoints, value, linger);
    }

    public UpsertCoalescingConfig withLinger(Duration value) {
        return new UpsertCoalescingConfig(maxPoints, maxInFlight, value);
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be >= 1 but was " + value);
        }
    }
}
