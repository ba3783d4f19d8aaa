package dev.sluice.processor.index.qdrant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UrlPrefixesTest {

    /** What Qdrant decides: a keyword match of the filter's indexed part against the point's stored prefixes. */
    private static boolean qdrantKeeps(String url, String filterPrefix) {
        String indexed = UrlPrefixes.indexedPart(filterPrefix);
        return indexed.isEmpty() || UrlPrefixes.of(url).contains(indexed);
    }

    /** Qdrant's decision plus the store's check on results, as the store combines them. */
    private static boolean storeKeeps(String url, String filterPrefix) {
        return qdrantKeeps(url, filterPrefix)
                && (UrlPrefixes.isExactlyIndexed(filterPrefix) || UrlPrefixes.matches(url, filterPrefix));
    }

    @Nested
    class Examples {

        @Test
        void shouldStoreEveryPrefixEndingWithASlash() {
            assertThat(UrlPrefixes.of("https://docs.python.org/3/library/os.html")).containsExactly(
                    "https:/", "https://", "https://docs.python.org/", "https://docs.python.org/3/",
                    "https://docs.python.org/3/library/");
        }

        @Test
        void shouldStoreTheWholeUrlWhenItEndsWithASlash() {
            assertThat(UrlPrefixes.of("https://a.org/")).containsExactly("https:/", "https://", "https://a.org/");
        }

        @Test
        void shouldCapTheNumberOfStoredPrefixes() {
            String deep = "https://a.org" + "/x".repeat(100);

            assertThat(UrlPrefixes.of(deep)).hasSize(UrlPrefixes.MAX_DEPTH);
        }

        @Test
        void shouldIndexAPrefixEndingWithASlashWhole() {
            assertThat(UrlPrefixes.indexedPart("https://a.org/docs/")).isEqualTo("https://a.org/docs/");
            assertThat(UrlPrefixes.isExactlyIndexed("https://a.org/docs/")).isTrue();
        }

        @Test
        void shouldIndexAPrefixEndingInsideASegmentUpToItsLastSlash() {
            assertThat(UrlPrefixes.indexedPart("https://a.org/docs/lib")).isEqualTo("https://a.org/docs/");
            assertThat(UrlPrefixes.isExactlyIndexed("https://a.org/docs/lib")).isFalse();
        }

        @Test
        void shouldMatchLikeStartsWithAcrossSegments() {
            assertThat(storeKeeps("https://a.org/docs/library/os.html", "https://a.org/docs/lib")).isTrue();
            assertThat(storeKeeps("https://a.org/docs/lib.html", "https://a.org/docs/lib")).isTrue();
            assertThat(storeKeeps("https://a.org/docs/tutorial.html", "https://a.org/docs/lib")).isFalse();
            assertThat(storeKeeps("https://a.org/docs", "https://a.org/docs/")).isFalse();
            assertThat(storeKeeps("https://a.org.evil.com/", "https://a.org/")).isFalse();
        }
    }

    @Property
    void shouldKeepExactlyTheUrlsThatStartWithTheFilterPrefix(@ForAll("urls") String url,
            @ForAll("prefixFilters") String filterPrefix) {
        assertThat(storeKeeps(url, filterPrefix)).isEqualTo(url.startsWith(filterPrefix));
    }

    @Property
    void shouldNeverLetQdrantDropAUrlThatMatches(@ForAll("urls") String url, @ForAll("cuts") int cut) {
        String filterPrefix = url.substring(0, Math.min(cut, url.length()));

        assertThat(qdrantKeeps(url, filterPrefix)).isTrue();
        assertThat(storeKeeps(url, filterPrefix)).isTrue();
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> segment = Arbitraries.of("", "a", "ab", "lib", "library", "os.html", "x?y=/z", "%2F", "é");
        Arbitrary<String> host = Arbitraries.of("a.org", "a.org.evil.com", "b.org", "a.org:8080");
        Arbitrary<List<String>> path = segment.list().ofMaxSize(40);
        return Combinators.combine(Arbitraries.of("http", "https", "file"), host, path, Arbitraries.of("", "/"))
                .as((scheme, h, segments, end) -> scheme + "://" + h + "/" + String.join("/", segments) + end);
    }

    /** Prefixes of generated URLs (so they often match) and unrelated URLs (so they often do not). */
    @Provide
    Arbitrary<String> prefixFilters() {
        return Combinators.combine(urls(), Arbitraries.integers().between(0, 200))
                .as((url, cut) -> url.substring(0, Math.min(cut, url.length())));
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 200);
    }
}
