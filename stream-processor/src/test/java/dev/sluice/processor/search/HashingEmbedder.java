package dev.sluice.processor.search;

import dev.sluice.processor.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A deterministic stand-in for a sentence embedder, for tests: a normalised bag of words hashed into 384 dimensions.
 * A few synonyms share a concept ("automobile" is a "car"), so that a vector search can find what keywords cannot,
 * as a real model does. Texts without words get a fixed non-zero vector.
 */
final class HashingEmbedder implements Embedder {
    static final int DIMENSION = 384;
    private static final Map<String, String> CONCEPTS = Map.of(
            "automobile", "car", "automobiles", "car", "cars", "car", "vehicle", "car",
            "feline", "cat", "cats", "cat", "kitten", "cat");
    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "and", "or", "of", "to", "is", "in", "it");

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }

    static float[] embed(String text) {
        float[] vector = new float[DIMENSION];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty() || STOP_WORDS.contains(word)) continue;
            String concept = CONCEPTS.getOrDefault(word, word);
            int hash = concept.hashCode() * 0x9E3779B1;
            vector[Math.floorMod(hash, DIMENSION)] += (hash & 0x8000) == 0 ? 1f : -1f;
        }
        double norm = 0;
        for (float v : vector) norm += v * v;
        if (norm == 0) {
            vector[0] = 1f;
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIMENSION; i++) vector[i] *= scale;
        return vector;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String modelId() {
        return "test/hashing-bag-of-words-384";
    }
}
