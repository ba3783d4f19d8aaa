/**
 * Packs the writes of many concurrent callers into few, full calls of one {@link dev.sluice.processor.index.VectorStore}
 * ({@link dev.sluice.processor.index.coalesce.CoalescingVectorStore}), with a cap on the calls in flight: the vector
 * store's counterpart of {@link dev.sluice.processor.embed.coalesce}. It knows nothing of Qdrant; any store whose
 * {@link dev.sluice.processor.index.VectorStore#upsertAll upsertAll} writes many documents in one pass gains from it.
 */
package dev.sluice.processor.index.coalesce;
