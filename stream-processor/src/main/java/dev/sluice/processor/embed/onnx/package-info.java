/**
 * The in-process embedder: all-MiniLM-L6-v2 (quantized ONNX) run by ONNX Runtime with padded, length-sorted batches.
 * {@link dev.sluice.processor.embed.onnx.OnnxEmbedder} is the entry point, configured by
 * {@link dev.sluice.processor.embed.onnx.OnnxEmbedderConfig}; the other types are its parts: planning sub-batches,
 * padding them, running the session, pooling token vectors.
 */
package dev.sluice.processor.embed.onnx;
