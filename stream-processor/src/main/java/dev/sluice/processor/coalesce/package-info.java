/**
 * What the coalescing clients share ({@link dev.sluice.processor.embed.coalesce.CoalescingEmbedder},
 * {@link dev.sluice.processor.index.coalesce.CoalescingVectorStore}): the queue that packs the work of many concurrent
 * callers into batches ({@link dev.sluice.processor.coalesce.CoalescingQueue}) and the dispatcher that sends a batch
 * whenever one of a fixed number of slots is free ({@link dev.sluice.processor.coalesce.BatchDispatcher}).
 */
package dev.sluice.processor.coalesce;
