package dev.sluice.processor.embed.onnx;

import java.nio.FloatBuffer;

/**
 * Sentence vectors from token vectors, as sentence-transformers makes them for all-MiniLM-L6-v2: the mean of the
 * token vectors under the attention mask, then L2 normalisation.
 */
final class MeanPooling {

    private MeanPooling() {}

    /**
     * One unit vector per row of a right-padded batch.
     *
     * @param tokenVectors   the model's last hidden state, {@code [rows, sequenceLength, dimension]} row-major
     * @param lengths        real (unpadded) tokens of each row; the mask is 1 on exactly these leading positions
     * @param sequenceLength padded length of every row
     * @param dimension      length of a token vector
     * @return the unit vectors, or {@code null} in place of a row whose sum is zero or not finite (the caller decides
     *     how to report it)
     */
    static float[][] poolAndNormalise(FloatBuffer tokenVectors, int[] lengths, int sequenceLength, int dimension) {
        float[][] vectors = new float[lengths.length][];
        float[] token = new float[dimension];
        for (int row = 0; row < lengths.length; row++) {
            float[] sum = new float[dimension];
            int rowStart = row * sequenceLength * dimension;
            for (int position = 0; position < lengths[row]; position++) {
                tokenVectors.get(rowStart + position * dimension, token);
                for (int d = 0; d < dimension; d++) {
                    sum[d] += token[d];
                }
            }
            // Dividing the sum by the token count would give the mean, but normalising removes any positive factor.
            vectors[row] = normalise(sum);
        }
        return vectors;
    }

    private static float[] normalise(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += (double) v * v;
        }
        double norm = Math.sqrt(squares);
        if (norm == 0 || !Double.isFinite(norm)) {
            return null;
        }
        float scale = (float) (1 / norm);
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= scale;
        }
        return vector;
    }
}
