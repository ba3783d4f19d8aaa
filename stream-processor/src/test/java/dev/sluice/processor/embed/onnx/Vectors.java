package dev.sluice.processor.embed.onnx;

/** Vector arithmetic for the embedder tests. */
final class Vectors {

    private Vectors() {}

    static double cosine(float[] a, float[] b) {
        return dot(a, b) / (norm(a) * norm(b));
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
