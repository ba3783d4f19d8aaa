/**
 * Embedded indexes on Apache Lucene: {@link dev.sluice.processor.index.lucene.LuceneKeywordIndex} (BM25F over chunk
 * text, title and heading path) and {@link dev.sluice.processor.index.lucene.LuceneVectorStore} (HNSW, cosine), one
 * directory each per input partition.
 *
 * <p>Both are derived data: Kafka (the documents topic and the changelogged stores) is what survives a crash, so the
 * indexes commit on {@code close()} and when asked, not per write, and can be rebuilt from the source.
 */
package dev.sluice.processor.index.lucene;
