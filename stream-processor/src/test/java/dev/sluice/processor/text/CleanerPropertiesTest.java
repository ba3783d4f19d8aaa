package dev.sluice.processor.text;

import dev.sluice.processor.testing.Randoms;
import dev.sluice.schemas.DocumentEvent;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Whatever a producer sends, the cleaner returns clean blocks and never throws (300 seeded random documents). */
class CleanerPropertiesTest {
    private static final long SEED = 20261129L;
    private static final String[] MARKUP = {"<p>", "</p>", "<pre>", "</pre>", "<code>", "<li>", "<ul>", "</ul>",
        "<table>", "<tr>", "<td>", "<th>", "<br>", "<h2>", "</h2>", "<blockquote>", "<script>", "</script>", "<nav>",
        "<main>", "<article>", "<header>", "<footer>", "<!--", "-->", "&amp;", "&#0;", "&#xD800;", "\n", "\n\n",
        "\r\n", "\t", "  ", "# ", "## ", "> ", "- ", "1. ", "```", "    ", "| a | b |", "|---|---|", "*", "_", "`",
        "[", "](", ")", "![", "\\", "===", "---", "\u0000", "\u00A0", "\u200D", "e\u0301", "👩‍💻", "日本語。",
        "\uD83D"};

    private final StructuredTextCleaner cleaner = new StructuredTextCleaner();

    @Test
    void shouldGiveCleanBlocksForAnyContent() {
        Randoms random = new Randoms(SEED);
        for (int tryNo = 0; tryNo < 300; tryNo++) {
            String text = random.chance(50) ? anyChars(random) : markupSoup(random);
            DocumentEvent.Builder builder = DocumentEvent.builder("https://example.com/p");
            DocumentEvent document = switch (random.between(0, 2)) {
                case 0 -> builder.markdown(text).build();
                case 1 -> builder.html(text).build();
                default -> builder.text(text).build();
            };
            try {
                cleaner.clean(document).blocks().forEach(CleanedBlocks::assertClean);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + SEED + ", try " + tryNo + ": " + e.getMessage(), e);
            }
        }
    }

    /** Any UTF-16 units, broken surrogates and controls included. */
    private static String anyChars(Randoms random) {
        return random.chars(0, 400, new char[] {'\u0000', ' ', '\u0080', '\uD800'},
                new char[] {'\u001F', '~', '\uD7FF', '\uFFFF'});
    }

    /** Fragments of HTML and markdown syntax mixed with text, so that the parsers' odd corners are reached. */
    private static String markupSoup(Randoms random) {
        StringBuilder s = new StringBuilder();
        int tokens = random.between(0, 80);
        List<Supplier<String>> kinds = List.of(() -> random.pick(MARKUP), () -> random.alphanumeric(1, 12));
        for (int i = 0; i < tokens; i++) {
            s.append(random.weighted(new int[] {1, 1}, kinds));
        }
        return s.toString();
    }
}
