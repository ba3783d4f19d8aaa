/**
 * The contract between Sluice's parts: the messages on every topic ({@link dev.sluice.schemas.DocumentEvent},
 * {@link dev.sluice.schemas.IndexOutcome}, {@link dev.sluice.schemas.CrawlEvent}), the
 * {@link dev.sluice.schemas.Topics topic registry} with their serdes, the rules that turn a URL into a stable
 * {@link dev.sluice.schemas.DocumentIds document id}, and the dead-letter headers.
 *
 * <p>This package depends on the JDK, Jackson and Kafka's client serialization API only: no Spring, no Kafka
 * Streams, no I/O. A test enforces it.
 */
package dev.sluice.schemas;
