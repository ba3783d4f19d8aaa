package dev.sluice.processor.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reciprocal Rank Fusion (Cormack, Clarke and Büttcher, SIGIR 2009): merges rankings whose scores are not comparable
 * (BM25 and cosine, or the results of several partitions) by rank alone. An item's score is the sum over the rankings
 * that contain it of {@code 1 / (k + rank)}, rank 1-based. A larger {@code k} flattens the difference between the top
 * ranks, so agreement between rankings counts for more than being first in one.
 */
public final class ReciprocalRankFusion {
    /** The {@code k} of the original paper, robust across collections. */
    public static final int DEFAULT_K = 60;

    private ReciprocalRankFusion() {}

    /**
     * One fused item.
     *
     * @param key   the item (a document id, a chunk id, ...)
     * @param score its fused score
     * @param ranks its 1-based rank in each input ranking, in the order of the rankings; {@code null} where absent
     */
    public record Fused<K>(K key, double score, List<Integer> ranks) {
        public Fused {
            ranks = Collections.unmodifiableList(new ArrayList<>(ranks));
        }

        /** The rank in the {@code ranking}-th input, or {@code null} if the item was not in it. */
        public Integer rankIn(int ranking) {
            return ranks.get(ranking);
        }

        private int bestRank() {
            return ranks.stream().filter(Objects::nonNull).mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE);
        }
    }

    /** {@link #fuse(List, int)} with {@link #DEFAULT_K}. */
    public static <K> List<Fused<K>> fuse(List<? extends List<? extends K>> rankings) {
        return fuse(rankings, DEFAULT_K);
    }

    /**
     * Fuses {@code rankings}, each ordered best first, into one list ordered best first.
     *
     * <p>Within a ranking only an item's first occurrence counts, and ranks are positions among its distinct items.
     * Equal scores are ordered by the best single rank, then by first appearance (rankings in order), so the result
     * is deterministic.
     *
     * @param k the constant in {@code 1 / (k + rank)}, {@code >= 0}
     */
    public static <K> List<Fused<K>> fuse(List<? extends List<? extends K>> rankings, int k) {
        Objects.requireNonNull(rankings, "rankings");
        if (k < 0) {
            throw new IllegalArgumentException("search.rrf.k must be >= 0 but was " + k);
        }
        int n = rankings.size();
        // insertion order = order of first appearance, the last tie-breaker
        Map<K, Integer[]> ranksByKey = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            int rank = 0;
            for (K key : rankings.get(r)) {
                Objects.requireNonNull(key, "a ranking contains null");
                Integer[] ranks = ranksByKey.computeIfAbsent(key, x -> new Integer[n]);
                if (ranks[r] == null) {
                    ranks[r] = ++rank;
                }
            }
        }
        List<Fused<K>> fused = new ArrayList<>(ranksByKey.size());
        ranksByKey.forEach((key, ranks) -> {
            double score = 0;
            for (Integer rank : ranks) {
                if (rank != null) {
                    score += 1.0 / (k + rank);
                }
            }
            fused.add(new Fused<>(key, score, Arrays.asList(ranks)));
        });
        // List.sort is stable: equal items keep their order of first appearance.
        fused.sort(Comparator.<Fused<K>>comparingDouble(Fused::score).reversed()
                .thenComparingInt(Fused::bestRank));
        return fused;
    }
}
