/**
 * The client of HuggingFace Text Embeddings Inference (TEI): {@link dev.sluice.processor.embed.tei.TeiEmbedder}
 * splits texts into requests TEI accepts, sends them concurrently within a bound, retries what may succeed later,
 * and maps every failure to an {@link dev.sluice.processor.engine.IndexingException} of stage {@code EMBEDDING}.
 */
package dev.sluice.processor.embed.tei;
