package dev.sluice.processor.metrics;

import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Stage;
import java.util.List;

/**
 * The stages a document actually went through, read from its outcome: the timings alone cannot tell a stage that
 * took 0 ms from one that did not run. The pipeline's order is clean → chunk → embed → vector upsert → BM25; an
 * unchanged document stops after cleaning, a deletion only touches the two indexes, a failure stops at its stage.
 */
final class StagesRun {
    static final List<Stage> PIPELINE = List.of(Stage.CLEANING, Stage.CHUNKING, Stage.EMBEDDING, Stage.VECTOR_UPSERT,
            Stage.BM25);

    private StagesRun() {}

    static List<Stage> of(IndexOutcome outcome) {
        return switch (outcome.status()) {
            case INDEXED -> PIPELINE;
            case UNCHANGED -> List.of(Stage.CLEANING);
            case DELETED -> List.of(Stage.VECTOR_UPSERT, Stage.BM25);
            case FAILED -> {
                int failedAt = PIPELINE.indexOf(outcome.error().stage());
                yield failedAt < 0 ? List.of() : PIPELINE.subList(0, failedAt + 1);
            }
        };
    }
}
