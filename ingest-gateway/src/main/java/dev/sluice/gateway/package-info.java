/**
 * The ingest gateway: HTTP in, Kafka out. Verifies Firecrawl webhooks and API requests, turns them into
 * {@link dev.sluice.schemas.DocumentEvent}s and answers only once the broker has stored them.
 */
package dev.sluice.gateway;
