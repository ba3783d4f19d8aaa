package dev.sluice.processor.metrics;

import dev.sluice.processor.topology.BatchReport;
import dev.sluice.processor.topology.MetricsSink;
import dev.sluice.processor.topology.RejectedRecord;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The batch figures as Micrometer meters (at {@code /actuator/prometheus}):
 * <ul>
 *   <li>{@code sluice_batch_size} — documents per batch (summary);</li>
 *   <li>{@code sluice_batch_duration_seconds} — from hand-off to collected results (histogram);</li>
 *   <li>{@code sluice_documents_total{outcome=indexed|unchanged|deleted|failed}};</li>
 *   <li>{@code sluice_stage_duration_seconds{stage=cleaning|chunking|embedding|vector_upsert|bm25}} — per document
 *   and stage it went through (histogram);</li>
 *   <li>{@code sluice_queue_wait_seconds} — per document, how long it waited before its work started (buffer, then
 *   an indexing slot; histogram);</li>
 *   <li>{@code sluice_dlq_records_total} — records sent to the dead-letter topic.</li>
 * </ul>
 */
public final class MicrometerMetricsSink implements MetricsSink {
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Map<OutcomeStatus, Counter> documents = new EnumMap<>(OutcomeStatus.class);
    private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
    private final Counter deadLetters;
    private final Timer queueWait;

    public MicrometerMetricsSink(MeterRegistry registry) {
        batchSize = DistributionSummary.builder("sluice.batch.size").description("documents per batch")
                .register(registry);
        batchDuration = Timer.builder("sluice.batch.duration")
                .description("time from a batch's hand-off to the indexer until its outcomes are collected")
                .publishPercentileHistogram().register(registry);
        for (OutcomeStatus status : OutcomeStatus.values()) {
            documents.put(status, Counter.builder("sluice.documents").description("documents by outcome")
                    .tag("outcome", status.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (Stage stage : StagesRun.PIPELINE) {
            stages.put(stage, Timer.builder("sluice.stage.duration")
                    .description("time a document spent in a stage (retries included)")
                    .tag("stage", stage.wireName()).publishPercentileHistogram().register(registry));
        }
        queueWait = Timer.builder("sluice.queue.wait")
                .description("time a document waited before its work started: in the buffer, then for a slot")
                .publishPercentileHistogram().register(registry);
        deadLetters = Counter.builder("sluice.dlq.records").description("records sent to the dead-letter topic")
                .register(registry);
    }

    @Override
    public void batchCompleted(BatchReport batch) {
        batchSize.record(batch.outcomes().size());
        batchDuration.record(Duration.ofMillis(batch.durationMs()));
        for (IndexOutcome o : batch.outcomes()) {
            documents.get(o.status()).increment();
            queueWait.record(Duration.ofMillis(o.timings().queueWaitMs()));
            if (o.status() == OutcomeStatus.FAILED) {
                deadLetters.increment();
            }
            for (Stage stage : StagesRun.of(o)) {
                stages.get(stage).record(Duration.ofMillis(o.timings().of(stage)));
            }
        }
    }

    @Override
    public void recordRejected(RejectedRecord record) {
        deadLetters.increment();
        if (record.documentId() != null && !record.documentId().isBlank()) {
            documents.get(OutcomeStatus.FAILED).increment(); // it got a FAILED outcome
        }
    }
}
