package dev.sluice.processor.engine;

import dev.sluice.schemas.Stage;
import dev.sluice.schemas.StageTimings;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Adds up the wall-clock time a document spends in each stage, over all its attempts. */
final class StageTimer {
    private final Map<Stage, Long> nanos = new EnumMap<>(Stage.class);
    private final long startNanos;
    private final long queuedNanos;

    /** @param queuedNanos how long the document waited for an indexing slot after its batch started */
    StageTimer(long startNanos, long queuedNanos) {
        this.startNanos = startNanos;
        this.queuedNanos = queuedNanos;
    }

    void add(Stage stage, long elapsedNanos) {
        nanos.merge(stage, elapsedNanos, Long::sum);
    }

    StageTimings timings() {
        return new StageTimings(ms(Stage.CLEANING), ms(Stage.CHUNKING), ms(Stage.EMBEDDING), ms(Stage.VECTOR_UPSERT),
                ms(Stage.BM25), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                TimeUnit.NANOSECONDS.toMillis(queuedNanos));
    }

    private long ms(Stage stage) {
        return TimeUnit.NANOSECONDS.toMillis(nanos.getOrDefault(stage, 0L));
    }
}
