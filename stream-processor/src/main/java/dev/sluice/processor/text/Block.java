package dev.sluice.processor.text;

import java.util.Objects;

/**
 * One structural block of a cleaned document.
 *
 * @param kind  what the block is
 * @param level heading level 1–6 for {@link Kind#HEADING}, nesting depth (0 = top) for list items, 0 otherwise
 * @param text  the block's text: NFC, no control characters; code verbatim (newlines and indentation kept)
 */
public record Block(Kind kind, int level, String text) {
    public Block {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    public enum Kind { HEADING, PARAGRAPH, LIST_ITEM, CODE, TABLE_ROW, QUOTE }

    public static Block heading(int level, String text) {
        return new Block(Kind.HEADING, level, text);
    }

    public static Block paragraph(String text) {
        return new Block(Kind.PARAGRAPH, 0, text);
    }
}
