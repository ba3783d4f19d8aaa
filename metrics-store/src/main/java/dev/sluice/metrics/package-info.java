/**
 * The PostgreSQL side of Sluice's monitoring, in schema {@code webhook}: the tables (Flyway migrations under
 * {@code db/migration}), {@link dev.sluice.metrics.OperationMetricsWriter} (asynchronous, batched, never blocking its
 * callers), {@link dev.sluice.metrics.CrawlTracker} (idempotent crawl accounting), the queries behind the metrics API
 * ({@link dev.sluice.metrics.OperationMetricsQueries}, {@link dev.sluice.metrics.CrawlSessions}) and
 * {@link dev.sluice.metrics.RetentionJob}. Plain Java and JDBC: the applications wire it.
 */
package dev.sluice.metrics;
