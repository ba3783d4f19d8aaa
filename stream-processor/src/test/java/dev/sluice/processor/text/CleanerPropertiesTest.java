package dev.sluice.processor.text;

import dev.sluice.schemas.DocumentEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a producer sends, the cleaner returns clean blocks and never throws. */
class CleanerPropertiesTest {

    private final StructuredTextCleaner cleaner = new StructuredTextCleaner();

    @Property(tries = 300)
    void shouldGiveCleanBlocksForAnyContent(@ForAll("documents") DocumentEvent document) {
        cleaner.clean(document).blocks().forEach(CleanedBlocks::assertClean);
    }

    @Provide
    Arbitrary<DocumentEvent> documents() {
        Arbitrary<String> content = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(400),
                markupSoup());
        return Combinators.combine(content, Arbitraries.integers().between(0, 2)).as((text, field) -> {
            DocumentEvent.Builder builder = DocumentEvent.builder("https://example.com/p");
            return switch (field) {
                case 0 -> builder.markdown(text).build();
                case 1 -> builder.html(text).build();
                default -> builder.text(text).build();
            };
        });
    }

    /** Fragments of HTML and markdown syntax mixed with text, so that the parsers' odd corners are reached. */
    private static Arbitrary<String> markupSoup() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("<p>", "</p>", "<pre>", "</pre>", "<code>", "<li>", "<ul>", "</ul>", "<table>", "<tr>",
                        "<td>", "<th>", "<br>", "<h2>", "</h2>", "<blockquote>", "<script>", "</script>", "<nav>",
                        "<main>", "<article>", "<header>", "<footer>", "<!--", "-->", "&amp;", "&#0;", "&#xD800;",
                        "\n", "\n\n", "\r\n", "\t", "  ", "# ", "## ", "> ", "- ", "1. ", "```", "    ", "| a | b |",
                        "|---|---|", "*", "_", "`", "[", "](", ")", "![", "\\", "===", "---", "\u0000", "\u00A0",
                        "\u200D", "e\u0301", "👩‍💻", "日本語。", "\uD83D"),
                Arbitraries.strings().alpha().numeric().withChars(' ', '.').ofMinLength(1).ofMaxLength(12));
        return token.list().ofMaxSize(80).map(parts -> String.join("", parts));
    }
}
