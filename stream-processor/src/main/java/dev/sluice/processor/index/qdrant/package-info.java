/**
 * The {@link dev.sluice.processor.index.VectorStore} on Qdrant over gRPC ({@code io.qdrant:client}).
 *
 * <p>{@link dev.sluice.processor.index.qdrant.QdrantVectorStore#open QdrantVectorStore.open} connects with a
 * {@link dev.sluice.processor.index.qdrant.QdrantConfig}, creates the collection if it is missing (one cosine vector
 * of the embedder's dimension, keyword payload indexes on {@code document_id}, {@code url}, {@code url_prefixes},
 * {@code domain}, {@code language} and an integer index on {@code chunk_index}) and refuses a collection made for
 * vectors of another size or distance. Point payload: {@code document_id}, {@code chunk_index}, {@code url},
 * {@code url_prefixes}, {@code domain}, {@code title}, {@code heading_path}, {@code language}, {@code text}.
 */
package dev.sluice.processor.index.qdrant;
