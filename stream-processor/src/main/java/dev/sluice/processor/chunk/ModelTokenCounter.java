package dev.sluice.processor.chunk;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.sluice.processor.embed.MiniLm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts tokens with the in-process model's own WordPiece tokenizer ({@link MiniLm#newTokenizer()}), special tokens
 * not included, and without the tokenizer's truncation at {@value MiniLm#MAX_SEQUENCE_LENGTH}: a long text gets its
 * full count (the tokenizer's overflow encodings are counted too).
 *
 * <p><b>Why it can sum words.</b> The model's tokenizer (BERT normaliser and pre-tokenizer, then WordPiece) never makes
 * a token across whitespace, so the count of a text is exactly the sum of the counts of its whitespace-separated
 * words. The counter therefore splits the text into words, looks each one up in a cache, and asks the tokenizer — once
 * per call, for all unknown words joined — only for the words it has not seen. Natural text repeats its words, so a
 * warm counter rarely calls the tokenizer at all; this matters because the chunker counts every piece of a document
 * and then every chunk again. Only space, tab, line feed, carriage return and the Unicode space separators split
 * words here: each of them is whitespace to the tokenizer too (splitting on a character it did not treat as
 * whitespace would be the one way to get a wrong sum). {@code ModelTokenCounterTest} checks the sum against the
 * tokenizer on real and random text.
 *
 * <p>Text with an unpaired surrogate (broken UTF-16, which the cleaner removes) reaches the tokenizer garbled: the
 * JNI bridge passes such a string in a form in which the characters outside the BMP (emoji) are lost. The count of
 * such text is the sum of its words counted one by one — no less than what the tokenizer sees.
 *
 * <p>Thread-safe: the tokenizer is, and the cache is a concurrent map. The cache is bounded: when it holds
 * {@code cacheWords} words it is emptied and fills again; results never depend on it. Close the counter to free the
 * tokenizer's native memory.
 */
public final class ModelTokenCounter implements TokenCounter, AutoCloseable {

    /** Default of {@code cacheWords}: enough for the vocabulary of a large site; about 10 MB when full. */
    public static final int DEFAULT_CACHE_WORDS = 100_000;

    /** Longer words (URLs, hashes, base64, unspaced CJK sentences) rarely repeat: counted, not cached. */
    private static final int MAX_CACHED_WORD_CHARS = 40;

    private final HuggingFaceTokenizer tokenizer;
    private final int cacheWords;
    private final Map<String, Integer> cache;

    /** A counter with a cache of {@value #DEFAULT_CACHE_WORDS} words. */
    public ModelTokenCounter() {
        this(DEFAULT_CACHE_WORDS);
    }

    /**
     * @param cacheWords how many distinct words to remember (0 = no cache); default {@value #DEFAULT_CACHE_WORDS}
     */
    public ModelTokenCounter(int cacheWords) {
        if (cacheWords < 0) {
            throw new IllegalArgumentException("chunk.token.cache.words must be >= 0 but was " + cacheWords);
        }
        this.cacheWords = cacheWords;
        this.cache = new ConcurrentHashMap<>(Math.min(cacheWords, 1 << 16));
        this.tokenizer = MiniLm.newTokenizer();
    }

    @Override
    public int count(String text) {
        int total = 0;
        Map<String, Integer> unknown = null; // word -> occurrences in this text
        int length = text.length();
        int i = 0;
        while (i < length) {
            while (i < length && isWordSeparator(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isWordSeparator(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            String word = text.substring(start, i);
            Integer known = cache.get(word);
            if (known != null) {
                total += known;
            } else {
                if (unknown == null) {
                    unknown = new HashMap<>();
                }
                unknown.merge(word, 1, Integer::sum);
            }
        }
        if (unknown != null) {
            total += countUnknown(unknown);
        }
        return total;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /**
     * Counts the words not in the cache, and caches them. Words holding an unpaired surrogate (broken UTF-16: the
     * tokenizer receives each as three characters, which would shift the offsets of every word after it) are
     * counted one by one and not cached; the others in one call ({@link #countJoined}).
     */
    private int countUnknown(Map<String, Integer> unknown) {
        int total = 0;
        List<String> words = new ArrayList<>(unknown.size());
        for (Map.Entry<String, Integer> entry : unknown.entrySet()) {
            if (hasUnpairedSurrogate(entry.getKey())) {
                total += countAlone(entry.getKey()) * entry.getValue();
            } else {
                words.add(entry.getKey());
            }
        }
        int[] counts = countJoined(words);
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            int count = counts != null ? counts[w] : countAlone(word);
            total += count * unknown.get(word);
            remember(word, count);
        }
        return total;
    }

    /**
     * Tokenizes the words in one call, joined by spaces, and gives each token to the word it lies in (the tokenizer
     * reports offsets in code points). Returns {@code null} if a token does not lie within one word: the offsets
     * are then not what this code expects, and the caller counts word by word instead.
     */
    private int[] countJoined(List<String> words) {
        if (words.isEmpty()) {
            return new int[0];
        }
        int[] starts = new int[words.size()]; // code point offsets of each word in the joined text
        int[] ends = new int[words.size()];
        StringBuilder joined = new StringBuilder();
        int codePoints = 0;
        for (int w = 0; w < words.size(); w++) {
            if (w > 0) {
                joined.append(' ');
                codePoints++;
            }
            String word = words.get(w);
            joined.append(word);
            starts[w] = codePoints;
            codePoints += word.codePointCount(0, word.length());
            ends[w] = codePoints;
        }
        int[] counts = new int[words.size()];
        Encoding encoding = tokenizer.encode(joined.toString(), false, true);
        if (!attribute(encoding, starts, ends, counts)) {
            return null;
        }
        for (Encoding overflow : encoding.getOverflowing()) {
            if (!attribute(overflow, starts, ends, counts)) {
                return null;
            }
        }
        return counts;
    }

    private static boolean attribute(Encoding encoding, int[] starts, int[] ends, int[] counts) {
        for (CharSpan span : encoding.getCharTokenSpans()) {
            int found = Arrays.binarySearch(starts, span.getStart());
            int word = found >= 0 ? found : -found - 2;
            if (word < 0 || span.getEnd() > ends[word]) {
                return false;
            }
            counts[word]++;
        }
        return true;
    }

    /** The untruncated count of one text: the tokenizer's first encoding plus its overflow. */
    private int countAlone(String text) {
        Encoding encoding = tokenizer.encode(text, false, true);
        int count = encoding.getIds().length;
        for (Encoding overflow : encoding.getOverflowing()) {
            count += overflow.getIds().length;
        }
        return count;
    }

    private static boolean hasUnpairedSurrogate(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < word.length() && Character.isLowSurrogate(word.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private void remember(String word, int count) {
        if (cacheWords == 0 || word.length() > MAX_CACHED_WORD_CHARS) {
            return;
        }
        if (cache.size() >= cacheWords) {
            cache.clear(); // crude but bounded; a warm vocabulary is back within a few documents
        }
        cache.put(word, count);
    }

    /**
     * Characters that separate words for the tokenizer as well: its normaliser turns them into spaces (it removes the
     * other control characters, so "a\fb" is one word to it).
     */
    static boolean isWordSeparator(char c) {
        return switch (c) {
            case ' ', '\t', '\n', '\r' -> true;
            default -> {
                int type = Character.getType(c);
                yield type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR;
            }
        };
    }
}
