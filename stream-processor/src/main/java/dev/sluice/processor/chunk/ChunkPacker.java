package dev.sluice.processor.chunk;

import dev.sluice.processor.text.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs a document's pieces, in order, into chunks of at most {@code maxTokens} tokens.
 *
 * <ul>
 *   <li>A chunk takes the following pieces while they fit.</li>
 *   <li>A new section (heading) joins a chunk that already holds text only whole: if all of it fits, it is packed
 *       in (so a run of short sections does not make a chunk each); if not, it starts a new chunk. A section is thus
 *       split only when it is longer than one chunk. A heading with nothing under it counts as part of the section
 *       after it, so that no chunk ends with a heading whose text is in the next chunk.</li>
 *   <li>A chunk is filed under the heading path of the section it starts in — or, when it starts with headings
 *       that have nothing under them ("Install" directly followed by "Linux"), of the section they lead to
 *       ("Install > Linux").</li>
 *   <li>When a section continues in the next chunk, that chunk starts with the end of the previous one: its last
 *       whole pieces, or the last sentences (else words) of its last piece, up to {@code overlapTokens} and at most
 *       half of the previous chunk (so that a short chunk is not repeated whole). Overlap never crosses a section
 *       boundary, and gives way when the next piece needs the room.</li>
 *   <li>Every chunk's text is counted once more as a whole. Counts of pieces add up exactly across whitespace, so this
 *       only matters for runs of characters cut out of one long word; if the whole is over the limit there, pieces
 *       are given back from the end (and then overlap from the start) until it fits. One piece alone always fits, so
 *       the limit holds for every chunk.</li>
 *   <li>A chunk whose text has no token at all (only characters the model ignores) is left out.</li>
 * </ul>
 */
final class ChunkPacker {
    private final ChunkingConfig config;
    private final TokenCounter counter;
    private final SectionedDocument document;
    private final PieceSplitter splitter;

    ChunkPacker(ChunkingConfig config, TokenCounter counter, SectionedDocument document, PieceSplitter splitter) {
        this.config = config;
        this.counter = counter;
        this.document = document;
        this.splitter = splitter;
    }

    List<Chunk> pack(List<Piece> pieces) {
        int[] sectionEnd = sectionEnds(pieces);
        List<Chunk> chunks = new ArrayList<>();
        List<Piece> carry = List.of();
        int next = 0;
        while (next < pieces.size()) {
            Draft draft = new Draft(carry, pieces.get(next));
            next = fill(draft, pieces, next + 1, sectionEnd);
            next -= fitToLimit(draft);
            if (draft.measured > 0) {
                chunks.add(new Chunk(chunks.size(), draft.text, document.path(pathSection(draft.fresh)),
                        draft.measured));
            }
            boolean sectionContinues = next < pieces.size()
                    && pieces.get(next).section() == pieces.get(next - 1).section();
            carry = sectionContinues ? overlapFrom(draft.all(), draft.measured) : List.of();
        }
        return chunks;
    }

    /** Adds pieces from {@code next} on while they fit; returns the index of the first piece left out. */
    private int fill(Draft draft, List<Piece> pieces, int next, int[] sectionEnd) {
        int max = config.maxTokens();
        while (next < pieces.size()) {
            Piece piece = pieces.get(next);
            if (draft.hasBody && piece.section() != pieces.get(next - 1).section()) {
                int end = sectionGroupEnd(pieces, next, sectionEnd);
                List<Piece> group = pieces.subList(next, end);
                if (draft.tokens + sum(group) > max) {
                    return next;
                }
                draft.addAll(group);
                next = end;
            } else {
                if (draft.tokens + piece.tokens() > max) {
                    return next;
                }
                draft.add(piece);
                next++;
            }
        }
        return next;
    }

    /**
     * Measures the draft's text and, while it is over the limit, gives back pieces from the end, then overlap from
     * the start; returns how many pieces were given back.
     */
    private int fitToLimit(Draft draft) {
        int givenBack = 0;
        draft.measure();
        while (draft.measured > config.maxTokens()) {
            if (draft.fresh.size() > 1) {
                draft.fresh.removeLast();
                givenBack++;
            } else if (!draft.overlap.isEmpty()) {
                draft.overlap.removeFirst();
            } else {
                throw new IllegalStateException("a piece counted " + draft.fresh.getFirst().tokens()
                        + " tokens alone but " + draft.measured + " as a chunk");
            }
            draft.measure();
        }
        return givenBack;
    }

    /** A chunk being built: overlap repeated from the previous chunk, then its own ("fresh") pieces. */
    private final class Draft {
        final List<Piece> overlap;
        final List<Piece> fresh = new ArrayList<>();
        int tokens;
        boolean hasBody;
        String text;
        int measured;

        /** Starts with {@code first}, keeping as much of the carried overlap as leaves room for it. */
        Draft(List<Piece> carry, Piece first) {
            overlap = new ArrayList<>(carry);
            tokens = sum(overlap);
            while (!overlap.isEmpty() && tokens + first.tokens() > config.maxTokens()) {
                tokens -= overlap.removeFirst().tokens();
            }
            hasBody = !overlap.isEmpty();
            add(first);
        }

        void add(Piece piece) {
            fresh.add(piece);
            tokens += piece.tokens();
            hasBody |= !isHeading(piece);
        }

        void addAll(List<Piece> pieces) {
            pieces.forEach(this::add);
        }

        List<Piece> all() {
            List<Piece> all = new ArrayList<>(overlap.size() + fresh.size());
            all.addAll(overlap);
            all.addAll(fresh);
            return all;
        }

        void measure() {
            text = document.join(all());
            measured = counter.count(text);
        }
    }

    /** The pieces at the end of a chunk, in its last section, that the next chunk repeats. */
    private List<Piece> overlapFrom(List<Piece> chunk, int chunkTokens) {
        int remaining = Math.min(config.overlapTokens(), chunkTokens / 2);
        int section = chunk.getLast().section();
        List<Piece> taken = new ArrayList<>();
        for (int k = chunk.size() - 1; k >= 0 && remaining > 0; k--) {
            Piece piece = chunk.get(k);
            if (piece.section() != section) {
                break;
            }
            if (piece.tokens() <= remaining) {
                taken.addFirst(piece);
                remaining -= piece.tokens();
            } else {
                if (taken.isEmpty()) {
                    // the last piece is longer than the overlap: take its last sentences (or words); after whole
                    // pieces, a fragment of the one before them would only be noise ("item)")
                    taken.addAll(splitter.tail(piece, remaining));
                }
                break;
            }
        }
        return taken;
    }

    /**
     * The end of the section starting at {@code start}, extended over the next section as long as what it covers is
     * only headings: a heading with nothing under it goes with the section after it, never alone at a chunk's end.
     */
    private int sectionGroupEnd(List<Piece> pieces, int start, int[] sectionEnd) {
        int end = sectionEnd[start];
        while (end < pieces.size() && allHeadings(pieces.subList(start, end))) {
            end = sectionEnd[end];
        }
        return end;
    }

    /**
     * The section a chunk is filed under: the one its first piece of body text is in. That is where the chunk
     * starts, unless it starts with headings that have nothing under them ("Install" directly followed by "Linux"):
     * then the chunk is about the section those lead to ("Install > Linux").
     */
    private int pathSection(List<Piece> fresh) {
        for (Piece piece : fresh) {
            if (!isHeading(piece)) {
                return piece.section();
            }
        }
        return fresh.getFirst().section();
    }

    private boolean isHeading(Piece piece) {
        return document.block(piece.block()).kind() == Block.Kind.HEADING;
    }

    private boolean allHeadings(List<Piece> pieces) {
        for (Piece piece : pieces) {
            if (!isHeading(piece)) {
                return false;
            }
        }
        return true;
    }

    /** For each piece, the index just past the last piece of its section. */
    private static int[] sectionEnds(List<Piece> pieces) {
        int[] ends = new int[pieces.size()];
        int end = pieces.size();
        for (int k = pieces.size() - 1; k >= 0; k--) {
            if (k + 1 < pieces.size() && pieces.get(k + 1).section() != pieces.get(k).section()) {
                end = k + 1;
            }
            ends[k] = end;
        }
        return ends;
    }

    private static int sum(List<Piece> pieces) {
        int total = 0;
        for (Piece piece : pieces) {
            total += piece.tokens();
        }
        return total;
    }
}
