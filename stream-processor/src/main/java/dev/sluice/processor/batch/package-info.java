/**
 * The batching core's pure parts: which buffered documents of a partition go into the next batch
 * ({@link dev.sluice.processor.batch.PartitionBuffer}). No Kafka here; the topology drives it.
 */
package dev.sluice.processor.batch;
