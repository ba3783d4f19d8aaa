package dev.sluice.processor.metrics;

import dev.sluice.metrics.OperationMetricsWriter;
import dev.sluice.processor.topology.BatchReport;
import dev.sluice.processor.topology.MetricsSink;
import dev.sluice.processor.topology.RejectedRecord;

/**
 * Hands each batch's rows to the {@link OperationMetricsWriter}, which never blocks (it drops and counts what does
 * not fit in its buffer), so the stream thread is never held up by PostgreSQL.
 */
public final class PostgresMetricsSink implements MetricsSink {
    private final OperationMetricsWriter writer;

    public PostgresMetricsSink(OperationMetricsWriter writer) {
        this.writer = writer;
    }

    @Override
    public void batchCompleted(BatchReport batch) {
        writer.offerAll(OperationRows.of(batch));
    }

    @Override
    public void recordRejected(RejectedRecord record) {
        writer.offer(OperationRows.of(record));
    }
}
