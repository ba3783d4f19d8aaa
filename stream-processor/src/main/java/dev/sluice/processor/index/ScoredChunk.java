package dev.sluice.processor.index;

/** A search result from one index: the chunk (without its vector) and the index's own score (higher is better). */
public record ScoredChunk(IndexedChunk chunk, float score) {}
