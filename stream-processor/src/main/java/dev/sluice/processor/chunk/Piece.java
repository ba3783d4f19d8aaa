package dev.sluice.processor.chunk;

/**
 * The unit the packer moves: a range of one block's text, never split further by the packer.
 *
 * @param section     index of the section the block is in
 * @param block       index of the block in the document
 * @param start       first character, inclusive
 * @param end         last character, exclusive
 * @param tokens      tokens of {@code text.substring(start, end)}
 * @param granularity what the range is: the whole block, a sentence (or a line of code), a word, or characters
 */
record Piece(int section, int block, int start, int end, int tokens, Granularity granularity) {

    /** From coarse to fine; a range is split one level finer only when it exceeds the budget. */
    enum Granularity {
        BLOCK, SENTENCE, WORD, CHARACTERS;

        Granularity finer() {
            return this == CHARACTERS ? CHARACTERS : values()[ordinal() + 1];
        }
    }
}
