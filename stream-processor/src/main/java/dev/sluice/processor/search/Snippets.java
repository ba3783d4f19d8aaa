package dev.sluice.processor.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Cuts a chunk's text down to a snippet around the first query term in it. Terms are compared after the same
 * analysis as the keyword index (so "installing" in the query finds "installed" in the text); when no term occurs
 * (a vector-only match), the snippet is the start of the chunk. Cuts fall between words where there is a space
 * nearby, never inside a surrogate pair, and are marked with "…"; runs of white space become one space.
 */
final class Snippets {
    private static final String ELLIPSIS = "…";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Query terms looked for; a longer query is a pasted text, its first terms are enough to place a snippet. */
    private static final int MAX_QUERY_TERMS = 64;

    private final Analyzer analyzer;
    private final int maxChars;

    Snippets(Analyzer analyzer, int maxChars) {
        this.analyzer = analyzer;
        this.maxChars = maxChars;
    }

    /** The analyzed terms of a query, to pass to {@link #snippet}. */
    Set<String> queryTerms(String query) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream("text", query)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (terms.size() < MAX_QUERY_TERMS && tokens.incrementToken()) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot analyze a query", e); // a StringReader does not fail
        }
        return terms;
    }

    String snippet(String text, Set<String> queryTerms) {
        if (text.length() <= maxChars) {
            return collapseWhitespace(text);
        }
        int match = firstMatch(text, queryTerms);
        // Show a little context before the term: a fifth of the window.
        int start = Math.max(0, match - maxChars / 5);
        int end = Math.min(text.length(), start + maxChars);
        start = Math.max(0, Math.min(start, end - maxChars));
        if (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            int space = indexOfWhitespace(text, start, match);
            start = space >= 0 ? space + 1 : start;
        }
        if (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            int space = lastIndexOfWhitespace(text, Math.max(start, match) + 1, end);
            end = space >= 0 ? space : end;
        }
        if (start > 0 && Character.isLowSurrogate(text.charAt(start))) start++;
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end--;
        String body = collapseWhitespace(text.substring(start, end));
        return (start > 0 ? ELLIPSIS : "") + body + (end < text.length() ? ELLIPSIS : "");
    }

    /** Start offset of the first token of {@code text} that is one of {@code queryTerms}, or 0. */
    private int firstMatch(String text, Set<String> queryTerms) {
        if (queryTerms.isEmpty()) {
            return 0;
        }
        try (TokenStream tokens = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = tokens.addAttribute(OffsetAttribute.class);
            tokens.reset();
            int found = 0;
            while (tokens.incrementToken()) {
                if (queryTerms.contains(term.toString())) {
                    found = offset.startOffset();
                    break;
                }
            }
            tokens.end();
            return Math.min(found, text.length());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot analyze a chunk", e);
        }
    }

    private static int indexOfWhitespace(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isWhitespace(text.charAt(i))) return i;
        }
        return -1;
    }

    private static int lastIndexOfWhitespace(String text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (Character.isWhitespace(text.charAt(i))) return i;
        }
        return -1;
    }

    private static String collapseWhitespace(String s) {
        return WHITESPACE.matcher(s).replaceAll(" ").strip();
    }
}
