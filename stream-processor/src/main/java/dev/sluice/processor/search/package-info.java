/**
 * Search over the indexes: BM25, vector and hybrid retrieval fused with Reciprocal Rank Fusion, one result per
 * document by default. Works against the {@link dev.sluice.processor.index.KeywordIndex} and
 * {@link dev.sluice.processor.index.VectorStore} interfaces, so it serves the embedded and the distributed setup alike.
 */
package dev.sluice.processor.search;
