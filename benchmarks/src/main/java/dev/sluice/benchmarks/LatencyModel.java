package dev.sluice.benchmarks;

import dev.sluice.processor.chunk.TokenCounter;
import dev.sluice.processor.topology.MetricsSink;
import java.io.IOException;
import java.util.Locale;

/**
 * The external services of the reference workload, each a server speaking its real protocol and charging for the
 * work a request carries, calibrated on the old worker's document (shared/reference/seed-scenario.md: 25 chunks of
 * ≤ 256 tokens, embedded in one TEI request of 500 ms, written in one Qdrant upsert of 100 ms):
 * <ul>
 *   <li>TEI ({@link Tei}): a fixed part plus a part per input token, 80 requests in service at once, and a total
 *   throughput in tokens per millisecond that the requests in service share ({@link SharedThroughput}), chosen so
 *   that four reference documents embedded at once take the 340 ms longer the seed gives for four documents at once
 *   (1.2 s against 0.86 s);</li>
 *   <li>Qdrant ({@link Qdrant}): a fixed part plus a part per point, for upserts and deletes alike, 20 requests in
 *   service at once: 200 reference upserts/s;</li>
 *   <li>PostgreSQL: real, 50 ms an INSERT statement on the metrics table (a trigger).</li>
 * </ul>
 * {@code scale} multiplies every latency and divides every throughput (1 for measurements; smaller for quick checks
 * of the machinery).
 */
final class LatencyModel implements AutoCloseable {
    /** The seed's document: 25 chunks; we take 250 tokens a chunk (≤ 256 in the seed, 230–254 in our workload). */
    static final int REFERENCE_CHUNKS = 25;
    static final int REFERENCE_DOCUMENT_TOKENS = REFERENCE_CHUNKS * 250;
    /** The seed's embedding call: one request with the document's 25 chunks. */
    static final double TEI_REFERENCE_MS = 500;
    /** Four documents at once take 1.2 s instead of 0.86 s: the extra 340 ms are TEI's contention. */
    static final double SEED_FOUR_AT_ONCE_EMBEDDING_MS = TEI_REFERENCE_MS + (1_200 - 860);
    static final long POSTGRES_INSERT_MS = 50;

    /**
     * TEI's costs.
     *
     * @param fixedMs     every request's fixed part (HTTP, tokenizing, queueing a batch), not sharing the throughput
     * @param msPerToken  a request alone: milliseconds per input token
     * @param tokensPerMs the total throughput the requests in service share
     * @param concurrency requests in service at once; more wait for a slot
     */
    record Tei(double fixedMs, double msPerToken, double tokensPerMs, int concurrency) {
        static final double FIXED_MS = 20;
        static final int CONCURRENCY = 80;

        /**
         * The reference: 20 ms + 0.0768 ms a token (a reference document alone: 500 ms), and the throughput under
         * which four reference documents sent together all finish after 840 ms: with n equal requests sharing the
         * throughput, the last finishes after {@code fixed + n × tokens / throughput}, so throughput = 4 × 6,250 /
         * (840 − 20) ≈ 30.5 tokens/ms (≈ 4.9 reference documents/s).
         */
        static Tei reference(double scale) {
            double msPerToken = (TEI_REFERENCE_MS - FIXED_MS) / REFERENCE_DOCUMENT_TOKENS;
            double tokensPerMs = 4.0 * REFERENCE_DOCUMENT_TOKENS / (SEED_FOUR_AT_ONCE_EMBEDDING_MS - FIXED_MS);
            return new Tei(FIXED_MS * scale, msPerToken * scale, tokensPerMs / scale, CONCURRENCY);
        }

        /** A request of {@code tokens} alone on the server. */
        double aloneMs(int tokens) {
            return fixedMs + tokens * msPerToken;
        }

        /** {@code requests} requests of {@code tokens} each, sent together: when the last one is answered. */
        double togetherMs(int requests, int tokens) {
            return fixedMs + Math.max(tokens * msPerToken, (double) requests * tokens / tokensPerMs);
        }
    }

    /**
     * Qdrant's costs.
     *
     * @param fixedMs     every request's fixed part (upsert or delete)
     * @param msPerPoint  per point written, or named by id in a delete
     * @param concurrency requests in service at once; more wait
     */
    record Qdrant(double fixedMs, double msPerPoint, int concurrency) {
        static final double FIXED_MS = 20;
        static final int CONCURRENCY = 20;

        /** The reference: 20 ms + 3.2 ms a point (an upsert of 25 points: 100 ms), 20 at once (200 upserts/s). */
        static Qdrant reference(double scale) {
            return new Qdrant(FIXED_MS * scale, (100 - FIXED_MS) / REFERENCE_CHUNKS * scale, CONCURRENCY);
        }

        double ms(int points) {
            return fixedMs + points * msPerPoint;
        }

        /** Requests of {@code points} each the server answers per second at most. */
        double requestsPerSecond(int points) {
            return concurrency * 1000 / ms(points);
        }
    }

    private final Tei teiCost;
    private final Qdrant qdrantCost;
    private final long postgresInsertMs;
    private final LatencyTeiServer tei;
    private final LatencyQdrantServer qdrant;
    private final LatencyPostgres postgres;

    LatencyModel(double scale, TokenCounter tokens) throws IOException {
        teiCost = Tei.reference(scale);
        qdrantCost = Qdrant.reference(scale);
        postgresInsertMs = Math.round(POSTGRES_INSERT_MS * scale);
        tei = new LatencyTeiServer(teiCost, tokens);
        qdrant = new LatencyQdrantServer(qdrantCost);
        postgres = new LatencyPostgres(postgresInsertMs);
    }

    String teiUrl() {
        return tei.url();
    }

    String qdrantUrl() {
        return qdrant.url();
    }

    MetricsSink newMetricsSink() {
        return postgres.newSink();
    }

    LatencyTeiServer tei() {
        return tei;
    }

    LatencyQdrantServer qdrant() {
        return qdrant;
    }

    LatencyPostgres postgres() {
        return postgres;
    }

    /** The model in one line, for reports. */
    String describe() {
        Tei t = teiCost;
        Qdrant q = qdrantCost;
        return String.format(Locale.ROOT, "TEI %.0f ms + %.4f ms a token (a 25-chunk document: %.0f ms), %d requests "
                        + "at once sharing %.1f tokens/ms; Qdrant %.0f ms + %.1f ms a point (25 points: %.0f ms), "
                        + "%d requests at once; PostgreSQL %d ms an INSERT statement (trigger)", t.fixedMs(),
                t.msPerToken(), t.aloneMs(REFERENCE_DOCUMENT_TOKENS), t.concurrency(), t.tokensPerMs(), q.fixedMs(),
                q.msPerPoint(), q.ms(REFERENCE_CHUNKS), q.concurrency(), postgresInsertMs);
    }

    @Override
    public void close() {
        try (tei; qdrant) {
            postgres.close();
        }
    }
}
