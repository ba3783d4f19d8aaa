package dev.sluice.processor.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.processor.text.TextFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelTokenCounterTest {
    private static ModelTokenCounter counter;
    private static ReferenceTokenizer reference;

    @BeforeAll
    static void load() {
        counter = new ModelTokenCounter();
        reference = new ReferenceTokenizer();
    }

    @AfterAll
    static void close() {
        counter.close();
        reference.close();
    }

    /** Real texts of every kind the counter sees: cleaned pages, raw markup, CJK, emoji, code. */
    static List<String> realTexts() {
        List<String> texts = new ArrayList<>();
        for (String name : List.of(TextFixtures.PYTHON_HEAPQ, TextFixtures.PYTHON_CONTROLFLOW,
                TextFixtures.NODE_BUILDING, TextFixtures.BLOG_POST, TextFixtures.CJK, TextFixtures.EMOJI)) {
            texts.add(TextFixtures.cleaned(name).text());
            texts.add(TextFixtures.read(name)); // raw: tabs, CRLF, entities, markup, long attribute values
        }
        return texts;
    }

    @Nested
    class Counting {
        @Test
        void shouldCountWithoutSpecialTokens() {
            assertThat(counter.count("hello world")).isEqualTo(2);
            assertThat(counter.count("")).isZero();
            assertThat(counter.count(" \n\t ")).isZero();
        }

        @Test
        void shouldCountLongTextsInFullInsteadOfTruncatingThem() {
            String text = "The quick brown fox jumps over the lazy dog. ".repeat(200);

            assertThat(new ModelTokenCounter(0).count(text)).isEqualTo(2000).isEqualTo(reference.count(text));
        }

        @Test
        void shouldEqualTheTokenizerOnRealTextAlthoughItSumsWords() {
            try (ModelTokenCounter cold = new ModelTokenCounter(0)) {
                for (String text : realTexts()) {
                    int expected = reference.count(text);
                    assertThat(cold.count(text)).as("cold count").isEqualTo(expected);
                    assertThat(counter.count(text)).as("cached count").isEqualTo(expected);
                    assertThat(counter.count(text)).as("cached count, again").isEqualTo(expected);
                }
            }
        }

        @Test
        void shouldEqualTheTokenizerOnAOneMegabytePage() {
            String text = new StructuredTextCleaner().clean(TextFixtures.html(TextFixtures.bigHtmlPage(1 << 20))).text();

            assertThat(counter.count(text)).isEqualTo(reference.count(text)).isGreaterThan(50_000);
        }

        @Test
        void shouldTreatOnlyTheTokenizersWhitespaceAsWordBoundaries() {
            // the tokenizer deletes a form feed, so "a\fb" is one word to it, not two
            assertThat(counter.count("unbreak\fable")).isEqualTo(reference.count("unbreak\fable"));
            assertThat(counter.count("a\u00A0b\u3000c\u2028d")).isEqualTo(reference.count("a\u00A0b\u3000c\u2028d"));
        }
    }

    @Nested
    class BrokenText {
        @Test
        void shouldNotLetAnUnpairedSurrogateShiftTheCountsOfOtherWords() {
            // the tokenizer receives an unpaired surrogate as three characters; words after it must still get their
            // own tokens, and be cached with the right count
            try (ModelTokenCounter fresh = new ModelTokenCounter()) {
                String text = "\uD800 \uA9AE x\uDC00y abc";
                assertThat(fresh.count(text)).isEqualTo(reference.count(text));
                assertThat(fresh.count("\uA9AE")).isEqualTo(1);
                assertThat(fresh.count("abc")).isEqualTo(reference.count("abc"));
            }
        }

        @Test
        void shouldCountNoLessThanTheTokenizerSeesWhenTextHasAnUnpairedSurrogate() {
            // with an unpaired surrogate anywhere, the JNI bridge hands the tokenizer a string whose characters
            // outside the BMP (emoji) are garbage and dropped; counting word by word errs on the safe side
            String text = "\uD800 \uD83D\uDC69\u200D\uD83D\uDCBB \uD83D\uDE00 ok";

            assertThat(counter.count(text)).isGreaterThanOrEqualTo(reference.count(text)).isEqualTo(3);
        }
    }

    @Nested
    class Concurrency {
        @Test
        void shouldGiveTheSameCountsFromManyThreads() throws Exception {
            List<String> texts = realTexts();
            List<Integer> expected = texts.stream().map(reference::count).toList();
            try (ModelTokenCounter shared = new ModelTokenCounter(500); // small: the cache is cleared under load
                 ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<List<Integer>>> results = new ArrayList<>();
                for (int thread = 0; thread < 4; thread++) {
                    results.add(pool.submit(() -> texts.stream().map(shared::count).toList()));
                }
                for (Future<List<Integer>> result : results) {
                    assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
                }
            }
        }
    }

    @Nested
    class Configuration {
        @Test
        void shouldRejectANegativeCacheSizeNamingTheKey() {
            assertThatThrownBy(() -> new ModelTokenCounter(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("chunk.token.cache.words must be >= 0 but was -1");
        }
    }
}
