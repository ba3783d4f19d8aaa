package dev.sluice.processor.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.processor.search.ReciprocalRankFusion.Fused;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

    private static List<String> keys(List<Fused<String>> fused) {
        return fused.stream().map(Fused::key).toList();
    }

    @Nested
    class Scores {
        @Test
        void shouldScoreOneRankingByOneOverKPlusRank() {
            List<Fused<String>> fused = ReciprocalRankFusion.fuse(List.of(List.of("a", "b", "c")));

            assertThat(keys(fused)).containsExactly("a", "b", "c");
            assertThat(fused).extracting(Fused::score).containsExactly(1.0 / 61, 1.0 / 62, 1.0 / 63);
        }

        @Test
        void shouldSumOverTheRankingsThatContainAnItem() {
            List<Fused<String>> fused = ReciprocalRankFusion.fuse(List.of(List.of("a", "b"), List.of("b", "c")));

            assertThat(fused.getFirst().key()).isEqualTo("b");
            assertThat(fused.getFirst().score()).isCloseTo(1.0 / 62 + 1.0 / 61, within(1e-12));
        }

        @Test
        void shouldRankAnItemGoodInBothAboveOneTopInOnlyOne() {
            List<Fused<String>> fused = ReciprocalRankFusion.fuse(List.of(
                    List.of("bm25-only", "both", "x", "y"),
                    List.of("vector-only", "z", "both", "w")));

            assertThat(keys(fused)).startsWith("both");
            assertThat(keys(fused).subList(1, 3)).containsExactly("bm25-only", "vector-only");
        }

        @Test
        void shouldLetTheTopRankCountMoreWithASmallerK() {
            List<List<String>> rankings = List.of(List.of("top-once", "twice"), List.of("c", "d", "e", "twice"));

            assertThat(keys(ReciprocalRankFusion.fuse(rankings, 60))).first().isEqualTo("twice");
            assertThat(keys(ReciprocalRankFusion.fuse(rankings, 0))).first().isEqualTo("top-once");
        }

        @Test
        void shouldFuseAnyNumberOfRankingsOfAnyKey() {
            List<Fused<Integer>> fused = ReciprocalRankFusion.fuse(List.of(List.of(1, 2), List.of(2, 3), List.of(2)));

            assertThat(fused).extracting(Fused::key).containsExactly(2, 1, 3);
        }
    }

    @Nested
    class Ranks {
        @Test
        void shouldReportTheOneBasedRankInEachRankingOrNull() {
            List<Fused<String>> fused = ReciprocalRankFusion.fuse(List.of(List.of("a", "b"), List.of("b", "c")));

            Fused<String> b = fused.stream().filter(f -> f.key().equals("b")).findFirst().orElseThrow();
            Fused<String> c = fused.stream().filter(f -> f.key().equals("c")).findFirst().orElseThrow();
            assertThat(b.ranks()).containsExactly(2, 1);
            assertThat(c.ranks()).containsExactly(null, 2);
            assertThat(c.rankIn(0)).isNull();
        }

        @Test
        void shouldCountOnlyTheFirstOccurrenceWithinARanking() {
            List<Fused<String>> fused = ReciprocalRankFusion.fuse(List.of(List.of("a", "a", "b")));

            assertThat(fused).extracting(Fused::ranks).containsExactly(List.of(1), List.of(2));
            assertThat(fused.getFirst().score()).isEqualTo(1.0 / 61);
        }
    }

    @Nested
    class Ties {
        @Test
        void shouldBreakTiesByFirstAppearance() {
            assertThat(keys(ReciprocalRankFusion.fuse(List.of(List.of("a"), List.of("b"))))).containsExactly("a", "b");
            assertThat(keys(ReciprocalRankFusion.fuse(List.of(List.of("b"), List.of("a"))))).containsExactly("b", "a");
        }
    }

    @Nested
    class EdgeCases {
        @Test
        void shouldFuseNothingToNothing() {
            assertThat(ReciprocalRankFusion.fuse(List.of())).isEmpty();
            assertThat(ReciprocalRankFusion.fuse(List.of(List.of(), List.of()))).isEmpty();
        }

        @Test
        void shouldRejectANegativeK() {
            assertThatThrownBy(() -> ReciprocalRankFusion.fuse(List.of(List.of("a")), -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("search.rrf.k must be >= 0 but was -1");
        }

        @Test
        void shouldRejectANullKey() {
            assertThatThrownBy(() -> ReciprocalRankFusion.fuse(List.of(Arrays.asList("a", null))))
                    .isInstanceOf(NullPointerException.class);
        }
    }
}
