package dev.sluice.processor.embed.onnx;

import java.util.Arrays;
import java.util.List;

/**
 * Token sequences padded on the right to the longest of them, laid out row by row as the model's {@code [batch,
 * sequence]} inputs want them.
 *
 * @param size           number of sequences (rows)
 * @param sequenceLength tokens per row after padding: the longest sequence's length
 * @param inputIds       token ids, {@code size × sequenceLength}, padding id 0
 * @param attentionMask  1 for a real token, 0 for padding, same layout
 * @param lengths        real tokens of each row
 */
record PaddedBatch(int size, int sequenceLength, long[] inputIds, long[] attentionMask, int[] lengths) {

    /** Pads {@code sequences} (each already holding its special tokens) into one batch. */
    static PaddedBatch of(List<long[]> sequences) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sequence");
        }
        int size = sequences.size();
        int sequenceLength = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        long[] inputIds = new long[size * sequenceLength];
        long[] attentionMask = new long[size * sequenceLength];
        int[] lengths = new int[size];
        for (int row = 0; row < size; row++) {
            long[] ids = sequences.get(row);
            int offset = row * sequenceLength;
            System.arraycopy(ids, 0, inputIds, offset, ids.length);
            Arrays.fill(attentionMask, offset, offset + ids.length, 1L);
            lengths[row] = ids.length;
        }
        return new PaddedBatch(size, sequenceLength, inputIds, attentionMask, lengths);
    }

    /** Rows × padded length: the tokens the model computes, padding included. */
    long paddedTokens() {
        return (long) size * sequenceLength;
    }
}
