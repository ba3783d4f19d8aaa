package dev.sluice.gateway.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.sluice.gateway.web.ApiException;
import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class SearchQueryTest {
    private static SearchQuery parse(String q, String mode, String limit, String chunks) {
        return SearchQuery.parse(q, mode, limit, null, null, null, chunks);
    }

    private static void assertRefused(Runnable parse, String error, String field, String message) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Nested
    class Defaults {
        @Test
        void shouldUseTheProcessorsDefaultsForAbsentOrBlankParameters() {
            assertThat(parse("q", null, null, null)).isEqualTo(new SearchQuery("q", "hybrid", 10, null, null, null,
                    false));
            assertThat(parse("q", " ", "", "  ")).isEqualTo(new SearchQuery("q", "hybrid", 10, null, null, null,
                    false));
        }

        @Test
        void shouldLeaveBlankFiltersOut() {
            SearchQuery query = SearchQuery.parse("q", null, null, " ", "", null, null);
            assertThat(query.parameters()).containsOnlyKeys("q", "mode", "limit", "chunks");
        }

        @Test
        void shouldReadModeAndChunksInAnyCase() {
            SearchQuery query = parse("q", "Vector", " 100 ", "TRUE");
            assertThat(query.mode()).isEqualTo("vector");
            assertThat(query.limit()).isEqualTo(100);
            assertThat(query.chunks()).isTrue();
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\t\n"})
        void shouldRequireANonBlankQuery(String q) {
            assertRefused(() -> parse(q, null, null, null), "missing_parameter", "q", "'q' is required");
            assertRefused(() -> parse(null, null, null, null), "missing_parameter", "q", "'q' is required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "101", "-1", "ten", "1.5", "99999999999"})
        void shouldRefuseALimitOutside1To100(String limit) {
            assertRefused(() -> parse("q", null, limit, null), "invalid_parameter", "limit",
                    "limit must be an integer from 1 to 100 but was '" + limit + "'");
        }

        @Test
        void shouldRefuseAnUnknownMode() {
            assertRefused(() -> parse("q", "semantic", null, null), "invalid_parameter", "mode",
                    "mode must be one of hybrid, bm25, vector but was 'semantic'");
        }

        @Test
        void shouldRefuseChunksOtherThanTrueOrFalse() {
            assertRefused(() -> parse("q", null, null, "maybe"), "invalid_parameter", "chunks",
                    "chunks must be true or false");
        }

        @Test
        void shouldCutALongValueInTheMessage() {
            assertRefused(() -> parse("q", "x".repeat(5000), null, null), "invalid_parameter", "mode",
                    "'" + "x".repeat(40) + "...'");
        }
    }

    @Nested
    class Encoding {
        @Test
        void shouldFormEncodeEveryValue() {
            SearchQuery query = SearchQuery.parse("a+b & c=d", null, null, null, "https://e.com/x?y", null, null);
            assertThat(query.queryString())
                    .isEqualTo("q=a%2Bb+%26+c%3Dd&mode=hybrid&limit=10&url_prefix=https%3A%2F%2Fe.com%2Fx%3Fy"
                            + "&chunks=false");
        }

        @Test
        void shouldJoinTheBaseUrlAndThePathWithOneSlash() {
            SearchQuery query = parse("q", null, null, null);
            assertThat(ProcessorSearchClient.searchUri(URI.create("http://p:8081"), query))
                    .hasToString("http://p:8081/api/search?q=q&mode=hybrid&limit=10&chunks=false");
            assertThat(ProcessorSearchClient.searchUri(URI.create("http://p:8081/base//"), query).getPath())
                    .isEqualTo("/base/api/search");
        }

        @Test
        void shouldListParametersInTheProcessorsNames() {
            SearchQuery query = SearchQuery.parse("q", "bm25", "5", "e.com", "https://e.com/", "en", "true");
            assertThat(query.parameters()).containsExactly(entry("q", "q"), entry("mode", "bm25"),
                    entry("limit", "5"), entry("domain", "e.com"), entry("url_prefix", "https://e.com/"),
                    entry("language", "en"), entry("chunks", "true"));
        }
    }
}
