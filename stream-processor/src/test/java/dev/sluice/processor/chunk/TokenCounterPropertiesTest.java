package dev.sluice.processor.chunk;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The claim {@link ModelTokenCounter} rests on — a text's count is the sum of its words' counts — holds for any text,
 * not only for the real ones of {@code ModelTokenCounterTest}.
 */
class TokenCounterPropertiesTest {
    private static final ModelTokenCounter COUNTER = new ModelTokenCounter();
    private static final ReferenceTokenizer REFERENCE = new ReferenceTokenizer();

    @AfterContainer
    static void close() {
        COUNTER.close();
        REFERENCE.close();
    }

    @Property(tries = 500)
    void shouldEqualTheTokenizerOnAnyText(@ForAll("texts") String text) {
        int expected = REFERENCE.count(text);
        int counted = COUNTER.count(text);
        if (counted != expected) {
            throw new AssertionError("counted " + counted + " but the tokenizer says " + expected + " for code points "
                    + text.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList());
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> word = Arbitraries.oneOf(
                // every UTF-16 unit but surrogates: an unpaired one is broken text, which the cleaner removes; the
                // JNI bridge to the tokenizer mangles the whole string around it (ModelTokenCounterTest.BrokenText)
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                        .ofMaxLength(12),
                Arbitraries.integers().between(0x10000, 0x2FFFF).map(Character::toString),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings().withCharRange('\u0300', '\u036F').withCharRange('a', 'e').ofMaxLength(8),
                Arbitraries.strings().withCharRange('\u4E00', '\u4FFF').withCharRange('\u3040', '\u30FF')
                        .ofMaxLength(20),
                Arbitraries.strings().withChars("!?.,;:()[]{}<>\"'`~@#$%^&*-_=+|\\/").ofMaxLength(6),
                Arbitraries.of("👩‍💻", "🇯🇵", "👍🏽", "İstanbul", "STRASSE", "ß", "ﬁnance", "\u200B", "\uFEFF",
                        "\u00AD", "x".repeat(150), "ab".repeat(60) + "!"));
        Arbitrary<String> space = Arbitraries.of(" ", "  ", "\n", "\t", "\r\n", "\u00A0", "\u3000", "\u2028", "",
                "\f", "\u000B", "\u0085");
        return Arbitraries.lazy(() -> word).list().ofMaxSize(40)
                .flatMap(words -> space.list().ofSize(words.size()).map(spaces -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < words.size(); i++) {
                        text.append(words.get(i)).append(spaces.get(i));
                    }
                    return text.toString();
                }));
    }
}
