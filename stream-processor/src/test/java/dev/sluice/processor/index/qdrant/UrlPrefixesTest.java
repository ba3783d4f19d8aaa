package dev.sluice.processor.index.qdrant;

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * Property checks over 1,000 generated URL/filter pairs each, from a fixed seed so that a failure is
     * reproducible; the seed is in the assertion message.
     */
    @Nested
    class Properties {
        private static final long SEED = 20261129L;
        private static final int TRIES = 1_000;
        private static final String[] SEGMENTS = {"", "a", "ab", "lib", "library", "os.html", "x?y=/z", "%2F", "é"};
        private static final String[] HOSTS = {"a.org", "a.org.evil.com", "b.org", "a.org:8080"};
        private static final String[] SCHEMES = {"http", "https", "file"};

        private final java.util.Random random = new java.util.Random(SEED);

        private String url() {
            StringBuilder path = new StringBuilder();
            int segments = random.nextInt(41);
            for (int i = 0; i < segments; i++) {
                if (i > 0) path.append('/');
                path.append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
            }
            return SCHEMES[random.nextInt(SCHEMES.length)] + "://" + HOSTS[random.nextInt(HOSTS.length)] + "/"
                    + path + (random.nextBoolean() ? "/" : "");
        }

        /** A prefix of a generated URL: often a match for another URL, often not. */
        private String prefixOf(String url) {
            return url.substring(0, Math.min(random.nextInt(201), url.length()));
        }

        @Test
        void shouldKeepExactlyTheUrlsThatStartWithTheFilterPrefix() {
            for (int i = 0; i < TRIES; i++) {
                String url = url();
                String filterPrefix = prefixOf(url());
                assertThat(storeKeeps(url, filterPrefix))
                        .as("seed %d, try %d: url %s, filter %s", SEED, i, url, filterPrefix)
                        .isEqualTo(url.startsWith(filterPrefix));
            }
        }

        @Test
        void shouldNeverLetQdrantDropAUrlThatMatches() {
            for (int i = 0; i < TRIES; i++) {
                String url = url();
                String filterPrefix = prefixOf(url);
                assertThat(qdrantKeeps(url, filterPrefix)).as("seed %d, try %d: %s", SEED, i, url).isTrue();
                assertThat(storeKeeps(url, filterPrefix)).as("seed %d, try %d: %s", SEED, i, url).isTrue();
            }
        }
    }
}
