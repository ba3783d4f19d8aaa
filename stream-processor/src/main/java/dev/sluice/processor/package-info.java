/**
 * The stream processor: the Kafka Streams topology that batches documents and the indexing engine behind narrow
 * interfaces (cleaning, chunking, embedding, vector and BM25 indexes, search).
 */
package dev.sluice.processor;
