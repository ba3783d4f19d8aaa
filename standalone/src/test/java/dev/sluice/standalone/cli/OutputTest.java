package dev.sluice.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.standalone.client.SearchClient;
import dev.sluice.standalone.ingest.IngestSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutputTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);

    @Nested
    class SearchResults {
        @Test
        void shouldPrintRankTitleScoreUrlAndSnippetOnOneLineEach() {
            SearchCommand.print(new SearchClient.Result(List.of(
                    new SearchClient.Hit("re", "re — Regular expressions", "https://docs/re.html", 0.0328,
                            "match\n  a   pattern"),
                    new SearchClient.Hit("x", "", "https://docs/x.html", 0.01, "")), false), out);

            assertThat(text.toString()).isEqualTo("""
                     1. re — Regular expressions  (0.0328)
                        https://docs/re.html
                        match a pattern
                     2. https://docs/x.html  (0.0100)
                        https://docs/x.html
                    """);
        }

        @Test
        void shouldSayWhenNothingWasFound() {
            SearchCommand.print(new SearchClient.Result(List.of(), false), out);

            assertThat(text.toString()).isEqualTo("No results.\n");
        }

        @Test
        void shouldCutALongSnippet() {
            assertThat(SearchCommand.oneLine("word ".repeat(100))).hasSize(SearchCommand.SNIPPET_CHARS).endsWith("…");
        }
    }

    @Nested
    class IngestSummaries {
        @Test
        void shouldPrintTheCountsChunksRateAndEachProblem() {
            IngestSummary s = new IngestSummary("docs/", 12, 11, 9, 1, 0, 1, 1, 0, 1234, Duration.ofSeconds(4), true,
                    List.of("docs/a.txt: not UTF-8 text", "docs/b.md: not indexed, EMPTY_CONTENT (nothing left)"));

            SummaryPrinter.print(s, 2, out);

            assertThat(text.toString())
                    .contains("docs/: 12 documents in 4.0 s, 2.8 documents/s")
                    .containsPattern("indexed\\s+9")
                    .containsPattern("unchanged\\s+1")
                    .containsPattern("failed\\s+1")
                    .containsPattern("rejected\\s+1")
                    .containsPattern("chunks\\s+1,234")
                    .contains("2 files ignored")
                    .contains("  docs/a.txt: not UTF-8 text");
        }
    }
}
