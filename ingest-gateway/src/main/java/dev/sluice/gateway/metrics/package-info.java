/**
 * The metrics API's reading side: {@link dev.sluice.gateway.metrics.MetricsBackend} over the metrics store, the
 * checked filters ({@link dev.sluice.gateway.metrics.OperationsQuery}) and the JSON answers.
 */
package dev.sluice.gateway.metrics;
