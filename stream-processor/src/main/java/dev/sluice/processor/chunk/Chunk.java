package dev.sluice.processor.chunk;

import java.util.Objects;

/**
 * A piece of a document small enough to embed.
 *
 * @param index       position in the document, from 0
 * @param text        the chunk's text
 * @param headingPath the headings above it, outermost first, joined by " > " (e.g. "Install > Linux"); "" if none
 * @param tokenCount  its length in the embedding model's tokens (without special tokens)
 */
public record Chunk(int index, String text, String headingPath, int tokenCount) {
    public Chunk {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(headingPath, "headingPath");
    }
}
