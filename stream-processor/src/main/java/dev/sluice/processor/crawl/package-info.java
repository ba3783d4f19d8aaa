/**
 * Crawl accounting: {@link dev.sluice.processor.crawl.CrawlTrackingConsumer} reads crawl lifecycle events, the
 * documents of crawl jobs and their outcomes, and applies them to PostgreSQL through
 * {@link dev.sluice.metrics.CrawlTracker}.
 */
package dev.sluice.processor.crawl;
