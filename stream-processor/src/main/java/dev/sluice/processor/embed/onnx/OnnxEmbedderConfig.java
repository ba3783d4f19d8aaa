package dev.sluice.processor.embed.onnx;

import dev.sluice.processor.embed.MiniLm;

/**
 * Settings of the {@link OnnxEmbedder}. Every value is checked here, and a bad one fails with a message naming its key.
 *
 * @param maxBatchSize      {@code embedding.max.batch.size}: most texts in one padded ONNX run; default
 *                          {@value #DEFAULT_MAX_BATCH_SIZE}, at least 1. With 1, every text runs alone and its vector
 *                          no longer depends on the texts it came with (see {@link OnnxEmbedder}), at some cost in
 *                          speed for short texts
 * @param maxBatchTokens    {@code embedding.onnx.max.batch.tokens}: most padded tokens (texts × longest text) in one
 *                          ONNX run; default {@value #DEFAULT_MAX_BATCH_TOKENS}, at least
 *                          {@value MiniLm#MAX_SEQUENCE_LENGTH} (one text of the model's longest). It keeps a run's
 *                          intermediate tensors small enough for the CPU caches: bigger runs are slower per text (see
 *                          {@link OnnxEmbedder})
 * @param maxSequenceLength {@code embedding.onnx.max.sequence.length}: tokens per text, counting [CLS] and [SEP];
 *                          longer texts are truncated. Default {@value MiniLm#MAX_SEQUENCE_LENGTH} (the model's own
 *                          limit, and the chunker's default chunk size); between 3 and
 *                          {@value MiniLm#MAX_SEQUENCE_LENGTH}. Lower it only to trade recall for speed: the cost of a
 *                          text grows faster than its length (a 256-token text costs 2.25 times a 128-token one).
 *                          langchain4j's model class cuts at 128, because its tokenizer file says so
 * @param intraOpThreads    {@code embedding.onnx.intra.op.threads}: threads one ONNX run may use; default
 *                          {@value #DEFAULT_INTRA_OP_THREADS}, at least 1 (see {@link OnnxEmbedder} for why)
 * @param concurrentRuns    {@code embedding.onnx.concurrent.runs}: ONNX runs in flight at once across all callers;
 *                          default the number of available processors, at least 1. Together with
 *                          {@code intraOpThreads} it decides how many cores embedding keeps busy:
 *                          {@code intraOpThreads × concurrentRuns} should not exceed them
 */
public record OnnxEmbedderConfig(
        int maxBatchSize, int maxBatchTokens, int maxSequenceLength, int intraOpThreads, int concurrentRuns) {

    /** Default of {@code embedding.max.batch.size}, the same as TEI's {@code max_client_batch_size}. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    /** Default of {@code embedding.onnx.max.batch.tokens}. */
    public static final int DEFAULT_MAX_BATCH_TOKENS = 512;
    /** Default of {@code embedding.onnx.intra.op.threads}. */
    public static final int DEFAULT_INTRA_OP_THREADS = 1;
    /** Shortest useful sequence: [CLS], one token, [SEP]. */
    static final int MIN_SEQUENCE_LENGTH = 3;

    public OnnxEmbedderConfig {
        atLeast("embedding.max.batch.size", maxBatchSize, 1);
        atLeast("embedding.onnx.max.batch.tokens", maxBatchTokens, MiniLm.MAX_SEQUENCE_LENGTH);
        atLeast("embedding.onnx.max.sequence.length", maxSequenceLength, MIN_SEQUENCE_LENGTH);
        if (maxSequenceLength > MiniLm.MAX_SEQUENCE_LENGTH) {
            throw new IllegalArgumentException("embedding.onnx.max.sequence.length must be <= "
                    + MiniLm.MAX_SEQUENCE_LENGTH + " but was " + maxSequenceLength);
        }
        atLeast("embedding.onnx.intra.op.threads", intraOpThreads, 1);
        atLeast("embedding.onnx.concurrent.runs", concurrentRuns, 1);
    }

    /** The defaults, with one concurrent run per available processor. */
    public static OnnxEmbedderConfig defaults() {
        return new OnnxEmbedderConfig(DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_BATCH_TOKENS, MiniLm.MAX_SEQUENCE_LENGTH,
                DEFAULT_INTRA_OP_THREADS, Runtime.getRuntime().availableProcessors());
    }

    /** A copy with another {@code embedding.max.batch.size}. */
    public OnnxEmbedderConfig withMaxBatchSize(int value) {
        return new OnnxEmbedderConfig(value, maxBatchTokens, maxSequenceLength, intraOpThreads, concurrentRuns);
    }

    /** A copy with another {@code embedding.onnx.max.batch.tokens}. */
    public OnnxEmbedderConfig withMaxBatchTokens(int value) {
        return new OnnxEmbedderConfig(maxBatchSize, value, maxSequenceLength, intraOpThreads, concurrentRuns);
    }

    /** A copy with another {@code embedding.onnx.max.sequence.length}. */
    public OnnxEmbedderConfig withMaxSequenceLength(int value) {
        return new OnnxEmbedderConfig(maxBatchSize, maxBatchTokens, value, intraOpThreads, concurrentRuns);
    }

    /** A copy with other {@code embedding.onnx.intra.op.threads} and {@code embedding.onnx.concurrent.runs}. */
    public OnnxEmbedderConfig withThreads(int intraOpThreads, int concurrentRuns) {
        return new OnnxEmbedderConfig(maxBatchSize, maxBatchTokens, maxSequenceLength, intraOpThreads, concurrentRuns);
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + " but was " + value);
        }
    }
}
