package dev.sluice.processor.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.text.Block;
import dev.sluice.processor.text.CleanedDocument;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/** What every chunking of every document must satisfy. */
final class ChunkAssertions {

    private ChunkAssertions() {}

    /** Within the limit, not empty, counted right, indexed 0..n-1. */
    static void assertWellFormed(List<Chunk> chunks, ChunkingConfig config, TokenCounter counter) {
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            assertThat(chunk.index()).as("index").isEqualTo(i);
            assertThat(chunk.text()).as("text of chunk %d", i).isNotBlank();
            assertThat(chunk.tokenCount()).as("tokens of chunk %d", i)
                    .isEqualTo(counter.count(chunk.text()))
                    .isPositive()
                    .isLessThanOrEqualTo(config.maxTokens());
        }
    }

    /**
     * Nothing of the document is lost: every word (of a sentence, or of a line of code) that fits in a chunk appears
     * whole in one, and the document's
     * characters appear in the chunks in order (overlap only repeats some). Characters the model ignores (control,
     * format, private-use, combining marks: those with no token of their own) may go with a chunk that had nothing
     * else, and are not looked for.
     */
    static void assertNothingLost(CleanedDocument document, List<Chunk> chunks, ChunkingConfig config,
                                  TokenCounter counter) {
        Map<Integer, Boolean> significant = new HashMap<>();
        IntPredicate isSignificant = c -> significant.computeIfAbsent(c, k -> counter.count(Character.toString(k)) > 0);
        Set<String> chunkWords = new HashSet<>();
        StringBuilder chunkChars = new StringBuilder();
        for (Chunk chunk : chunks) {
            chunkWords.addAll(words(chunk.text()));
            appendSignificant(chunk.text(), isSignificant, chunkChars);
        }
        StringBuilder documentChars = new StringBuilder();
        for (Block block : document.blocks()) {
            for (String word : wordsOfSentences(block)) {
                int tokens = counter.count(word);
                if (tokens > 0 && tokens <= config.maxTokens() && !chunkWords.contains(word)) {
                    // not a word of its own in the chunk (a CJK sentence glued to the next): look for it inside
                    assertThat(chunks.stream().anyMatch(chunk -> chunk.text().contains(word)))
                            .as("some chunk holds the word %s", word).isTrue();
                }
            }
            appendSignificant(block.text(), isSignificant, documentChars);
        }
        assertThat(isSubsequence(documentChars, chunkChars)).as("document characters in order in the chunks").isTrue();
    }

    /** Words as the chunker cuts them: a CJK sentence end inside a run without spaces ends a word too. */
    private static List<String> wordsOfSentences(Block block) {
        List<String> words = new ArrayList<>();
        if (block.kind() == Block.Kind.CODE) {
            for (String line : block.text().split("\n")) {
                words.addAll(words(line));
            }
            return words;
        }
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(block.text());
        for (int from = sentences.first(), to = sentences.next(); to != BreakIterator.DONE;
             from = to, to = sentences.next()) {
            words.addAll(words(block.text().substring(from, to)));
        }
        return words;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || Character.isWhitespace(text.charAt(i))
                    || Character.isSpaceChar(text.charAt(i));
            if (space && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words;
    }

    private static void appendSignificant(String text, IntPredicate isSignificant, StringBuilder out) {
        text.codePoints().filter(isSignificant).forEach(out::appendCodePoint);
    }

    private static boolean isSubsequence(CharSequence needle, CharSequence haystack) {
        int n = 0;
        for (int h = 0; h < haystack.length() && n < needle.length(); h++) {
            if (haystack.charAt(h) == needle.charAt(n)) {
                n++;
            }
        }
        return n == needle.length();
    }
}
