package dev.sluice.processor.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.index.SearchFilter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchRequestTest {

    @Nested
    class Validation {
        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\n\t"})
        void shouldRejectABlankQuery(String query) {
            assertThatThrownBy(() -> new SearchRequest(query, SearchMode.HYBRID, 10, null, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("query must not be blank");
        }

        @Test
        void shouldRejectANullQueryOrMode() {
            assertThatThrownBy(() -> new SearchRequest(null, SearchMode.HYBRID, 10, null, false))
                    .hasMessage("query must not be blank");
            assertThatThrownBy(() -> new SearchRequest("q", null, 10, null, false))
                    .hasMessage("mode must be one of HYBRID, BM25, VECTOR");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 101})
        void shouldRejectALimitOutsideOneToOneHundred(int limit) {
            assertThatThrownBy(() -> new SearchRequest("q", SearchMode.BM25, limit, null, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("limit must be between 1 and 100 but was " + limit);
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 100})
        void shouldAcceptTheLimitsOfTheRange(int limit) {
            assertThat(new SearchRequest("q", SearchMode.BM25, limit, null, false).limit()).isEqualTo(limit);
        }
    }

    @Nested
    class Defaults {
        @Test
        void shouldNotFilterWithoutAFilter() {
            assertThat(new SearchRequest("q", SearchMode.VECTOR, 5, null, true).filter()).isEqualTo(SearchFilter.NONE);
        }

        @Test
        void shouldAskForTenDocumentsByHybridSearch() {
            assertThat(SearchRequest.of("q"))
                    .isEqualTo(new SearchRequest("q", SearchMode.HYBRID, 10, SearchFilter.NONE, false));
        }
    }

    @Nested
    class Configuration {
        @Test
        void shouldFetchSeveralCandidatesPerResultButAtLeastTheMinimum() {
            HybridSearchConfig config = HybridSearchConfig.defaults();

            assertThat(config.candidateDepth(1)).isEqualTo(50);
            assertThat(config.candidateDepth(10)).isEqualTo(50);
            assertThat(config.candidateDepth(100)).isEqualTo(400);
        }

        @Test
        void shouldNameTheKeyOfABadSetting() {
            assertThatThrownBy(() -> new HybridSearchConfig(-1, 50, 4, 300))
                    .hasMessage("search.rrf.k must be >= 0 but was -1");
            assertThatThrownBy(() -> new HybridSearchConfig(60, 0, 4, 300))
                    .hasMessage("search.candidates.min must be between 1 and 10000 but was 0");
            assertThatThrownBy(() -> new HybridSearchConfig(60, 50, 0, 300))
                    .hasMessage("search.candidates.per.result must be between 1 and 20 but was 0");
            assertThatThrownBy(() -> new HybridSearchConfig(60, 50, 4, 10))
                    .hasMessage("search.snippet.max.chars must be between 40 and 10000 but was 10");
        }
    }
}
