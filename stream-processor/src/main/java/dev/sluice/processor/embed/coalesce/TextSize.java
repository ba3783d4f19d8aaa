package dev.sluice.processor.embed.coalesce;

/**
 * How many bytes a text takes in a TEI {@code /embed} request, bounded from above without encoding it: its UTF-8
 * length, plus one byte per character JSON escapes with a backslash and five per control character (written as a
 * six-character escape at worst), plus two quotes and a comma. Counting a bit too much costs a slightly smaller
 * batch; counting too little would make the client split a batch into two requests.
 */
final class TextSize {
    /** The JSON around the inputs, {@code {"inputs":[...],"truncate":true,"normalize":true}}, rounded up. */
    static final int ENVELOPE_BYTES = 64;

    private TextSize() {}

    static int of(String text) {
        long bytes = 3;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                bytes += 6;
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }
}
