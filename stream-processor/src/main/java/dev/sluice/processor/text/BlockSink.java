package dev.sluice.processor.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the blocks an extractor finds, normalising each one ({@link TextNormalizer}) and dropping those left
 * with nothing visible, so that extractors need not care about either.
 */
final class BlockSink {
    private final List<Block> blocks = new ArrayList<>();

    void heading(int level, String rawText) {
        add(Block.Kind.HEADING, Math.clamp(level, 1, 6), TextNormalizer.prose(rawText));
    }

    void prose(Block.Kind kind, int level, String rawText) {
        add(kind, kind == Block.Kind.LIST_ITEM ? Math.max(0, level) : 0, TextNormalizer.prose(rawText));
    }

    void code(String rawText) {
        add(Block.Kind.CODE, 0, TextNormalizer.code(rawText));
    }

    List<Block> blocks() {
        return blocks;
    }

    private void add(Block.Kind kind, int level, String text) {
        if (isVisible(text)) {
            blocks.add(new Block(kind, level, text));
        }
    }

    /** Whether the text shows anything: a block of only zero-width and other format characters does not. */
    private static boolean isVisible(String text) {
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT);
    }
}
