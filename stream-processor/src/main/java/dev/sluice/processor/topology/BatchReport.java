package dev.sluice.processor.topology;

import dev.sluice.schemas.IndexOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link MetricsSink} learns about a finished batch.
 *
 * @param batchId     the batch
 * @param partition   its input partition
 * @param durationMs  from hand-off to the indexer until its results were collected, in milliseconds
 * @param completedAt when its outcomes were forwarded
 * @param outcomes    one per document, in batch order
 * @param offsets     each document's input offset, in the same order
 */
public record BatchReport(String batchId, int partition, long durationMs, Instant completedAt,
        List<IndexOutcome> outcomes, List<Long> offsets) {
    public BatchReport {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(completedAt, "completedAt");
        outcomes = List.copyOf(outcomes);
        offsets = List.copyOf(offsets);
        if (offsets.size() != outcomes.size()) {
            throw new IllegalArgumentException("one offset per outcome: " + offsets.size() + " != " + outcomes.size());
        }
    }
}
