package dev.sluice.processor.search;

/**
 * Settings of {@link HybridSearcher}.
 *
 * @param rrfK                {@code search.rrf.k}: the {@code k} of Reciprocal Rank Fusion; default
 *                            {@value ReciprocalRankFusion#DEFAULT_K}, {@code >= 0}
 * @param minCandidates       {@code search.candidates.min}: chunks fetched from each index at least; default
 *                            {@value #DEFAULT_MIN_CANDIDATES}, 1 to {@value #MAX_CANDIDATES}
 * @param candidatesPerResult {@code search.candidates.per.result}: chunks fetched from each index per result asked
 *                            for, so that fusion has depth to work with and documents with many matching chunks do
 *                            not crowd out the others; default {@value #DEFAULT_CANDIDATES_PER_RESULT}, 1 to 20
 * @param snippetMaxChars     {@code search.snippet.max.chars}: length of a snippet in characters; default
 *                            {@value #DEFAULT_SNIPPET_MAX_CHARS}, 40 to 10000
 */
public record HybridSearchConfig(int rrfK, int minCandidates, int candidatesPerResult, int snippetMaxChars) {
    public static final int DEFAULT_MIN_CANDIDATES = 50;
    public static final int DEFAULT_CANDIDATES_PER_RESULT = 4;
    public static final int DEFAULT_SNIPPET_MAX_CHARS = 300;
    public static final int MAX_CANDIDATES = 10_000;

    public HybridSearchConfig {
        if (rrfK < 0) {
            throw new IllegalArgumentException("search.rrf.k must be >= 0 but was " + rrfK);
        }
        check("search.candidates.min", minCandidates, 1, MAX_CANDIDATES);
        check("search.candidates.per.result", candidatesPerResult, 1, 20);
        check("search.snippet.max.chars", snippetMaxChars, 40, 10_000);
    }

    public static HybridSearchConfig defaults() {
        return new HybridSearchConfig(ReciprocalRankFusion.DEFAULT_K, DEFAULT_MIN_CANDIDATES,
                DEFAULT_CANDIDATES_PER_RESULT, DEFAULT_SNIPPET_MAX_CHARS);
    }

    /** How many chunks to fetch from each index for {@code limit} results. */
    int candidateDepth(int limit) {
        return Math.min(MAX_CANDIDATES, Math.max(minCandidates, limit * candidatesPerResult));
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + " but was " + value);
        }
    }
}
