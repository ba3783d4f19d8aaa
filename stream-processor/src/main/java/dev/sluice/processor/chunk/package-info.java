/**
 * Chunking: a {@link dev.sluice.processor.text.CleanedDocument} becomes {@link dev.sluice.processor.chunk.Chunk}s small
 * enough to embed, measured in the model's own tokens. {@link dev.sluice.processor.chunk.StructureAwareChunker},
 * configured by a {@link dev.sluice.processor.chunk.ChunkingConfig}, follows the document's headings, blocks and
 * sentences; {@link dev.sluice.processor.chunk.ModelTokenCounter} counts with the model's tokenizer.
 */
package dev.sluice.processor.chunk;
