/**
 * What the processor reports about its work: PostgreSQL rows of {@code webhook.operation_metrics}
 * ({@link dev.sluice.processor.metrics.PostgresMetricsSink}) and Micrometer meters at {@code /actuator/prometheus}
 * ({@link dev.sluice.processor.metrics.MicrometerMetricsSink}, {@link dev.sluice.processor.metrics.ProcessorMeters}),
 * both fed by the topology's {@link dev.sluice.processor.topology.MetricsSink}.
 */
package dev.sluice.processor.metrics;
