/**
 * Packs the texts of many concurrent callers into few, full requests to one {@link dev.sluice.processor.embed.Embedder}
 * ({@link dev.sluice.processor.embed.coalesce.CoalescingEmbedder}), with a cap on the requests in flight.
 */
package dev.sluice.processor.embed.coalesce;
