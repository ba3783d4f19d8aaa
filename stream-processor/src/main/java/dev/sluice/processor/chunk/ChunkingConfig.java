package dev.sluice.processor.chunk;

import dev.sluice.processor.embed.MiniLm;

/**
 * How {@link StructureAwareChunker} sizes chunks. Lengths are in the embedding model's tokens, special tokens not
 * included.
 *
 * @param maxTokens     {@code chunk.max.tokens}: the most tokens a chunk may have; between {@value #MIN_MAX_TOKENS}
 *                      and {@value #DEFAULT_MAX_TOKENS}; default {@value #DEFAULT_MAX_TOKENS}
 * @param overlapTokens {@code chunk.overlap.tokens}: about how many tokens from the end of a chunk are repeated at the
 *                      start of the next one when a section continues there; 0 to turn overlap off; less than
 *                      {@code maxTokens}; default {@value #DEFAULT_OVERLAP_TOKENS}
 */
public record ChunkingConfig(int maxTokens, int overlapTokens) {

    /**
     * Default and upper bound of {@code maxTokens}: the model's window ({@value MiniLm#MAX_SEQUENCE_LENGTH}) less its
     * [CLS] and [SEP] tokens, so that the model sees every token of every chunk. (A 256-token chunk would lose its
     * last two tokens to truncation in the model.)
     */
    public static final int DEFAULT_MAX_TOKENS = MiniLm.MAX_SEQUENCE_LENGTH - 2;
    /** Default of {@code overlapTokens}. */
    public static final int DEFAULT_OVERLAP_TOKENS = 50;
    /**
     * Lower bound of {@code maxTokens}: smaller chunks carry too little meaning to embed, and one character can take a
     * few tokens, which a smaller limit could not always hold.
     */
    public static final int MIN_MAX_TOKENS = 16;

    public ChunkingConfig {
        if (maxTokens < MIN_MAX_TOKENS || maxTokens > DEFAULT_MAX_TOKENS) {
            throw new IllegalArgumentException("chunk.max.tokens must be between " + MIN_MAX_TOKENS + " and "
                    + DEFAULT_MAX_TOKENS + " (the model's " + MiniLm.MAX_SEQUENCE_LENGTH
                    + "-token window less [CLS] and [SEP]) but was " + maxTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("chunk.overlap.tokens must be >= 0 and < chunk.max.tokens ("
                    + maxTokens + ") but was " + overlapTokens);
        }
    }

    /** {@value #DEFAULT_MAX_TOKENS} tokens at most, {@value #DEFAULT_OVERLAP_TOKENS} of overlap. */
    public static ChunkingConfig defaults() {
        return new ChunkingConfig(DEFAULT_MAX_TOKENS, DEFAULT_OVERLAP_TOKENS);
    }
}
