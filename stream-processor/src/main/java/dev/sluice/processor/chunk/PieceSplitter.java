package dev.sluice.processor.chunk;

import dev.sluice.processor.chunk.Piece.Granularity;
import dev.sluice.processor.text.Block;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a block into pieces of at most a given number of tokens, as coarsely as possible: the whole block if it fits,
 * else its sentences (lines for code, so that code is not cut mid-line), else the words of a sentence that is too
 * long, else — for one giant "word" such as a base64 blob or a run of CJK text without spaces — runs of characters
 * (whole grapheme clusters, so that an emoji or an accented letter stays whole).
 *
 * <p>Sentences come from {@link BreakIterator#getSentenceInstance(Locale)} with {@link Locale#ROOT}, which also ends
 * sentences at CJK full stops. Not thread-safe (it keeps its break iterators): one per chunking run.
 */
final class PieceSplitter {

    /**
     * Most grapheme clusters tried for one character run. A token spans a few characters, so a full piece needs far
     * fewer; the cap keeps each count short on a megabyte-long "word".
     */
    private static final int MAX_CHARS_PER_TOKEN = 8;

    private final SectionedDocument document;
    private final TokenCounter counter;
    private final BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    private final BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);

    PieceSplitter(SectionedDocument document, TokenCounter counter) {
        this.document = document;
        this.counter = counter;
    }

    /** The block as pieces of at most {@code budget} tokens, in order. */
    List<Piece> split(int block, int budget) {
        List<Piece> out = new ArrayList<>();
        String text = document.block(block).text();
        addRange(block, 0, text.length(), Granularity.BLOCK, budget, out);
        return out;
    }

    /**
     * The whole units at the end of a piece that fit in {@code budget} tokens together, one level finer than the
     * piece (sentences of a block, words of a sentence), going finer still when not even the last unit fits; empty
     * when nothing fits or the piece is already words or characters. Used to take overlap from the end of a chunk.
     */
    List<Piece> tail(Piece piece, int budget) {
        if (budget <= 0 || piece.granularity().compareTo(Granularity.SENTENCE) > 0) {
            return List.of();
        }
        List<int[]> units = units(piece.block(), piece.start(), piece.end(), piece.granularity());
        List<Piece> taken = new ArrayList<>();
        int remaining = budget;
        for (int u = units.size() - 1; u >= 0; u--) {
            int[] range = units.get(u);
            Piece unit = piece(piece.block(), range[0], range[1], piece.granularity().finer());
            if (unit.tokens() <= remaining) {
                taken.addFirst(unit);
                remaining -= unit.tokens();
            } else {
                if (taken.isEmpty()) {
                    taken.addAll(tail(unit, remaining));
                }
                break;
            }
        }
        return taken;
    }

    private void addRange(int block, int start, int end, Granularity granularity, int budget, List<Piece> out) {
        Piece whole = piece(block, start, end, granularity);
        if (whole.tokens() <= budget) {
            out.add(whole);
        } else if (granularity == Granularity.WORD || granularity == Granularity.CHARACTERS) {
            addCharacterRuns(block, start, end, budget, out);
        } else {
            for (int[] range : units(block, start, end, granularity)) {
                addRange(block, range[0], range[1], granularity.finer(), budget, out);
            }
        }
    }

    /** The next finer units of a range: sentences (lines for code) of a block, words of a sentence or line. */
    private List<int[]> units(int block, int start, int end, Granularity granularity) {
        String text = document.block(block).text();
        if (granularity == Granularity.BLOCK) {
            return document.block(block).kind() == Block.Kind.CODE ? lines(text, start, end) : sentences(text, start, end);
        }
        return words(text, start, end);
    }

    private List<int[]> sentences(String text, int start, int end) {
        List<int[]> out = new ArrayList<>();
        sentences.setText(text.substring(start, end));
        int from = sentences.first();
        for (int to = sentences.next(); to != BreakIterator.DONE; from = to, to = sentences.next()) {
            addTrimmed(text, start + from, start + to, out);
        }
        return out;
    }

    private static List<int[]> lines(String text, int start, int end) {
        List<int[]> out = new ArrayList<>();
        int from = start;
        while (from < end) {
            int newline = text.indexOf('\n', from);
            int to = newline < 0 || newline > end ? end : newline;
            if (!text.substring(from, to).isBlank()) {
                out.add(new int[] {from, stripTrailing(text, from, to)}); // indentation is kept
            }
            from = to + 1;
        }
        return out;
    }

    private static List<int[]> words(String text, int start, int end) {
        List<int[]> out = new ArrayList<>();
        int i = start;
        while (i < end) {
            while (i < end && isSpace(text.charAt(i))) {
                i++;
            }
            int from = i;
            while (i < end && !isSpace(text.charAt(i))) {
                i++;
            }
            if (from < i) {
                out.add(new int[] {from, i});
            }
        }
        return out;
    }

    /**
     * Packs the grapheme clusters of a range into runs of at most {@code budget} tokens. Counts are not additive
     * inside a word (WordPiece may cut a run differently from the whole), so each run is measured as it is; the
     * longest run that fits is found by bisection over the cluster boundaries.
     */
    private void addCharacterRuns(int block, int start, int end, int budget, List<Piece> out) {
        String text = document.block(block).text();
        int[] bounds = graphemeBounds(text, start, end);
        packRuns(block, text, bounds, budget, true, out);
    }

    private void packRuns(int block, String text, int[] bounds, int budget, boolean graphemesMayBeSplit,
                          List<Piece> out) {
        int last = bounds.length - 1;
        int from = 0;
        while (from < last) {
            int fits = from + 1;
            Piece best = piece(block, bounds[from], bounds[fits], Granularity.CHARACTERS);
            if (best.tokens() > budget) {
                // one cluster alone is too long (a letter with dozens of spacing marks): split it into code points.
                // A single code point takes a few tokens at most and the budget is at least 16, so none is dropped
                // in practice; if one ever were too long, it is left out rather than break the limit.
                if (graphemesMayBeSplit) {
                    packRuns(block, text, codePointBounds(text, bounds[from], bounds[fits]), budget, false, out);
                }
                from = fits;
                continue;
            }
            int upper = Math.min(last, from + budget * MAX_CHARS_PER_TOKEN);
            if (upper > fits) {
                Piece candidate = piece(block, bounds[from], bounds[upper], Granularity.CHARACTERS);
                if (candidate.tokens() <= budget) {
                    best = candidate;
                    fits = upper;
                } else {
                    int tooLong = upper;
                    while (tooLong - fits > 1) {
                        int mid = (fits + tooLong) >>> 1;
                        candidate = piece(block, bounds[from], bounds[mid], Granularity.CHARACTERS);
                        if (candidate.tokens() <= budget) {
                            best = candidate;
                            fits = mid;
                        } else {
                            tooLong = mid;
                        }
                    }
                }
            }
            out.add(best);
            from = fits;
        }
    }

    private int[] graphemeBounds(String text, int start, int end) {
        graphemes.setText(text.substring(start, end));
        List<Integer> bounds = new ArrayList<>();
        for (int b = graphemes.first(); b != BreakIterator.DONE; b = graphemes.next()) {
            bounds.add(start + b);
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] codePointBounds(String text, int start, int end) {
        List<Integer> bounds = new ArrayList<>();
        for (int i = start; i < end; i += Character.charCount(text.codePointAt(i))) {
            bounds.add(i);
        }
        bounds.add(end);
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    private Piece piece(int block, int start, int end, Granularity granularity) {
        String text = document.block(block).text();
        return new Piece(document.sectionOf(block), block, start, end, counter.count(text.substring(start, end)),
                granularity);
    }

    private static void addTrimmed(String text, int from, int to, List<int[]> out) {
        while (from < to && isSpace(text.charAt(from))) {
            from++;
        }
        to = stripTrailing(text, from, to);
        if (from < to) {
            out.add(new int[] {from, to});
        }
    }

    private static int stripTrailing(String text, int from, int to) {
        while (to > from && isSpace(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
