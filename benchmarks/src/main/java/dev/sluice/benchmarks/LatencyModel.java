package dev.sluice.benchmarks;

import dev.sluice.processor.topology.MetricsSink;
import java.io.IOException;
import java.util.Locale;

/**
 * The external services of the reference workload, each a server speaking its real protocol with the reference
 * latency: TEI (HTTP, 500 ms a request, 80 at once), Qdrant (gRPC, 100 ms an upsert, 20 at once: 200 upserts/s) and
 * PostgreSQL (real, 50 ms an INSERT statement on the metrics table). {@code scale} multiplies every latency (1 for
 * measurements; smaller for quick checks of the machinery).
 */
final class LatencyModel implements AutoCloseable {
    static final long TEI_MS = 500;
    static final int TEI_CONCURRENCY = 80;
    static final long QDRANT_UPSERT_MS = 100;
    static final int QDRANT_CONCURRENCY = 20;
    static final long POSTGRES_INSERT_MS = 50;

    private final double scale;
    private final LatencyTeiServer tei;
    private final LatencyQdrantServer qdrant;
    private final LatencyPostgres postgres;

    LatencyModel(double scale) throws IOException {
        this.scale = scale;
        tei = new LatencyTeiServer(scaled(TEI_MS), TEI_CONCURRENCY);
        qdrant = new LatencyQdrantServer(scaled(QDRANT_UPSERT_MS), QDRANT_CONCURRENCY);
        postgres = new LatencyPostgres(scaled(POSTGRES_INSERT_MS));
    }

    private long scaled(long ms) {
        return Math.round(ms * scale);
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
        return String.format(Locale.ROOT, "TEI %d ms a request (%d at once), Qdrant %d ms an upsert (%d at once), "
                        + "PostgreSQL %d ms an INSERT statement (trigger)", scaled(TEI_MS), TEI_CONCURRENCY,
                scaled(QDRANT_UPSERT_MS), QDRANT_CONCURRENCY, scaled(POSTGRES_INSERT_MS));
    }

    @Override
    public void close() {
        try (tei; qdrant) {
            postgres.close();
        }
    }
}
