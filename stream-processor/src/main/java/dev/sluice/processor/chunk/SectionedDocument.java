package dev.sluice.processor.chunk;

import dev.sluice.processor.text.Block;
import dev.sluice.processor.text.CleanedDocument;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A cleaned document cut into sections at its headings, with the heading path of each section and a way to put the
 * text of consecutive pieces back together.
 *
 * <p>A section is a heading and the blocks up to the next heading (the blocks before the first heading form a
 * section without heading). Its path holds the texts of the headings above it, outermost first, joined by
 * {@code " > "}: under "# Install" and "## Linux" it is "Install > Linux"; a later "## macOS" replaces "Linux", a
 * later "# Usage" replaces both. Blank blocks are left out.
 */
final class SectionedDocument {
    private static final String PATH_SEPARATOR = " > ";

    private final List<Block> blocks = new ArrayList<>();
    private final List<Integer> sectionOfBlock = new ArrayList<>();
    private final List<String> sectionPaths = new ArrayList<>();

    SectionedDocument(CleanedDocument document) {
        Deque<Block> headings = new ArrayDeque<>(); // innermost first
        for (Block block : document.blocks()) {
            if (block.text().isBlank()) {
                continue;
            }
            if (block.kind() == Block.Kind.HEADING) {
                while (!headings.isEmpty() && headings.peek().level() >= block.level()) {
                    headings.pop();
                }
                headings.push(block);
                sectionPaths.add(path(headings));
            } else if (sectionPaths.isEmpty()) {
                sectionPaths.add("");
            }
            blocks.add(block);
            sectionOfBlock.add(sectionPaths.size() - 1);
        }
    }

    int blockCount() {
        return blocks.size();
    }

    Block block(int index) {
        return blocks.get(index);
    }

    int sectionOf(int block) {
        return sectionOfBlock.get(block);
    }

    String path(int section) {
        return sectionPaths.get(section);
    }

    String text(Piece piece) {
        return blocks.get(piece.block()).text().substring(piece.start(), piece.end());
    }

    /**
     * The text of consecutive pieces, in document order: pieces of one block keep the text between them as it is in
     * the block (the whitespace that separated the sentences or words, or nothing inside a word); different blocks
     * are separated by a blank line, consecutive list items and table rows by a line break.
     */
    String join(List<Piece> pieces) {
        StringBuilder out = new StringBuilder();
        Piece previous = null;
        for (Piece piece : pieces) {
            String text = blocks.get(piece.block()).text();
            if (previous != null) {
                if (previous.block() == piece.block()) {
                    out.append(text, previous.end(), piece.start());
                } else {
                    out.append(separator(blocks.get(previous.block()).kind(), blocks.get(piece.block()).kind()));
                }
            }
            out.append(text, piece.start(), piece.end());
            previous = piece;
        }
        return out.toString();
    }

    private static String separator(Block.Kind before, Block.Kind after) {
        boolean sameRun = before == after && (before == Block.Kind.LIST_ITEM || before == Block.Kind.TABLE_ROW);
        return sameRun ? "\n" : "\n\n";
    }

    private static String path(Deque<Block> innermostFirst) {
        List<String> names = new ArrayList<>();
        innermostFirst.descendingIterator().forEachRemaining(h -> names.add(h.text().replace('\n', ' ')));
        return String.join(PATH_SEPARATOR, names);
    }
}
