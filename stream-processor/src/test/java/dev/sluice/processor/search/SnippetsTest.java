package dev.sluice.processor.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SnippetsTest {
    private static final int MAX = 100;
    private final Snippets snippets = new Snippets(new EnglishAnalyzer(), MAX);

    /** "word0 word1 ... wordN-1" with {@code inserted} as word number {@code at}. */
    private static String words(int count, int at, String inserted) {
        return IntStream.range(0, count).mapToObj(i -> i == at ? inserted : "word" + i)
                .collect(Collectors.joining(" "));
    }

    private String snippet(String text, String query) {
        return snippets.snippet(text, snippets.queryTerms(query));
    }

    @Nested
    class ShortText {
        @Test
        void shouldKeepAShortTextWholeWithWhitespaceCollapsed() {
            assertThat(snippet("  First line.\n\n  Second\tline. ", "line")).isEqualTo("First line. Second line.");
        }
    }

    @Nested
    class LongText {
        @Test
        void shouldCenterOnTheFirstMatchingTermFoundThroughStemming() {
            String text = words(200, 120, "installed");

            String snippet = snippet(text, "installing");

            assertThat(snippet).contains("installed").startsWith("…").endsWith("…");
            assertThat(snippet.length()).isLessThanOrEqualTo(MAX + 2);
        }

        @Test
        void shouldCutBetweenWords() {
            String text = words(200, 120, "installed");

            String body = snippet(text, "install").replace("…", "");

            assertThat(body.split(" ")).allMatch(word -> word.equals("installed") || word.matches("word\\d+"))
                    .allMatch(word -> text.contains(" " + word + " "));
        }

        @Test
        void shouldStartAtTheBeginningWhenNoTermMatches() {
            String text = words(200, -1, "");

            String snippet = snippet(text, "absent");

            assertThat(snippet).startsWith("word0 word1").endsWith("…");
        }

        @Test
        void shouldEndAtTheEndWhenTheMatchIsNearIt() {
            String text = words(200, 198, "target");

            String snippet = snippet(text, "target");

            assertThat(snippet).startsWith("…").endsWith("target word199");
            assertThat(snippet.length()).isLessThanOrEqualTo(MAX + 1);
        }

        @Test
        void shouldNeverSplitASurrogatePair() {
            String text = "🐍".repeat(300);

            String snippet = snippet(text, "python");

            String body = snippet.replace("…", "");
            assertThat(body.codePoints()).allMatch(cp -> cp == "🐍".codePointAt(0));
        }

        @Test
        void shouldIgnoreStopWordsOfTheQuery() {
            assertThat(snippets.queryTerms("the installing of PYTHON")).isEqualTo(Set.of("instal", "python"));
        }
    }
}
