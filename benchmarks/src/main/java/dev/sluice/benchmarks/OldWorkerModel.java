package dev.sluice.benchmarks;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The old worker's modelled figures (shared/reference/seed-scenario.md), never measured: 860 ms a document one at a
 * time; the four-at-once worker's batch-size table; ≈3,000 (sequential) and ≈12,000 (four at once, batch 4) documents
 * an hour per worker, growing linearly with workers.
 */
final class OldWorkerModel {
    static final double SEQUENTIAL_SECONDS_PER_DOCUMENT = 0.86;
    /** The four-at-once worker's batch-size table: documents → seconds. */
    static final Map<Integer, Double> FOUR_AT_ONCE_BATCH_SECONDS = Map.of(1, 0.86, 2, 1.0, 4, 1.2, 8, 1.8, 16, 2.8);
    static final double SEQUENTIAL_DOCUMENTS_PER_HOUR = 3_000;
    static final double FOUR_AT_ONCE_DOCUMENTS_PER_HOUR = 12_000;

    private OldWorkerModel() {}

    /**
     * The modelled seconds of a workload of {@code documents} posted at once to {@code workers} old workers of the
     * design {@code configuration} ({@code sequential} or {@code four_at_once}); empty when the model has no figure.
     */
    static OptionalDouble seconds(String configuration, int documents, int workers) {
        if (workers == 1 && documents == 50) {
            return switch (configuration) {
                case "sequential" -> OptionalDouble.of(43);
                case "four_at_once" -> OptionalDouble.of(15.6);
                default -> OptionalDouble.empty();
            };
        }
        if (workers == 1 && configuration.equals("four_at_once")
                && FOUR_AT_ONCE_BATCH_SECONDS.containsKey(documents)) {
            return OptionalDouble.of(FOUR_AT_ONCE_BATCH_SECONDS.get(documents));
        }
        return switch (configuration) {
            case "sequential" -> workers == 1 ? OptionalDouble.of(documents * SEQUENTIAL_SECONDS_PER_DOCUMENT)
                    : OptionalDouble.of(documents / (workers * SEQUENTIAL_DOCUMENTS_PER_HOUR / 3600));
            case "four_at_once" -> OptionalDouble.of(documents / (workers * FOUR_AT_ONCE_DOCUMENTS_PER_HOUR / 3600));
            default -> OptionalDouble.empty();
        };
    }
}
