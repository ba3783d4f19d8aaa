package dev.sluice.processor.chunk;

import dev.sluice.processor.testing.Randoms;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The claim {@link ModelTokenCounter} rests on — a text's count is the sum of its words' counts — holds for any text
 * (500 seeded random texts), not only for the real ones of {@code ModelTokenCounterTest}.
 */
class TokenCounterPropertiesTest {
    private static final long SEED = 20261129L;
    private static final ModelTokenCounter COUNTER = new ModelTokenCounter();
    private static final ReferenceTokenizer REFERENCE = new ReferenceTokenizer();
    private static final String[] SPACES = {" ", "  ", "\n", "\t", "\r\n", "\u00A0", "\u3000", "\u2028", "", "\f",
        "\u000B", "\u0085"};
    private static final String[] SPECIAL = {"👩‍💻", "🇯🇵", "👍🏽", "İstanbul", "STRASSE", "ß", "ﬁnance", "\u200B", "\uFEFF",
        "\u00AD", "x".repeat(150), "ab".repeat(60) + "!"};

    @AfterAll
    static void close() {
        COUNTER.close();
        REFERENCE.close();
    }

    @Test
    void shouldEqualTheTokenizerOnAnyText() {
        Randoms random = new Randoms(SEED);
        for (int tryNo = 0; tryNo < 500; tryNo++) {
            String text = text(random);
            int expected = REFERENCE.count(text);
            int counted = COUNTER.count(text);
            if (counted != expected) {
                throw new AssertionError("seed " + SEED + ", try " + tryNo + ": counted " + counted
                        + " but the tokenizer says " + expected + " for code points "
                        + text.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList());
            }
        }
    }

    private static String text(Randoms random) {
        List<Supplier<String>> words = List.of(
                // every UTF-16 unit but surrogates: an unpaired one is broken text, which the cleaner removes; the
                // JNI bridge to the tokenizer mangles the whole string around it (ModelTokenCounterTest.BrokenText)
                () -> random.chars(0, 12, new char[] {'\u0000', '\uE000'}, new char[] {'\uD7FF', '\uFFFF'}),
                () -> Character.toString(random.between(0x10000, 0x2FFFF)),
                () -> random.chars(1, 30, new char[] {'a', 'A'}, new char[] {'z', 'Z'}),
                () -> random.chars(0, 8, new char[] {'\u0300', 'a'}, new char[] {'\u036F', 'e'}),
                () -> random.chars(0, 20, new char[] {'\u4E00', '\u3040'}, new char[] {'\u4FFF', '\u30FF'}),
                () -> random.chars(0, 6, new char[] {'!', ':', '[', '{'}, new char[] {'/', '@', '`', '~'}),
                () -> random.pick(SPECIAL));
        StringBuilder text = new StringBuilder();
        int count = random.between(0, 40);
        for (int i = 0; i < count; i++) {
            text.append(random.weighted(new int[] {1, 1, 1, 1, 1, 1, 1}, words)).append(random.pick(SPACES));
        }
        return text.toString();
    }
}
