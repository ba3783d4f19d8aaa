package dev.sluice.processor.text;

import java.text.Normalizer;

/**
 * Normalises the text of one block: Unicode NFC, characters that carry nothing readable removed, and whitespace made
 * regular. Two flavours: {@link #prose(String)} for every block but code, {@link #code(String)} for code, which keeps
 * its lines and indentation.
 *
 * <p>Removed everywhere: C0/C1 control characters (NUL included; in code {@code \t} and {@code \n} stay), unpaired
 * surrogates (what is left of broken UTF-16), U+FFFD (what decoders leave of broken bytes), U+FEFF (byte order mark),
 * U+00AD (soft hyphen, invisible: "hy&shy;phen" must stay one word for search) and the non-characters U+FFFE/U+FFFF.
 * Zero-width joiners and other format characters stay: emoji sequences and some scripts need them.
 */
final class TextNormalizer {

    private TextNormalizer() {}

    /**
     * Normalises prose: every run of whitespace becomes one space, except that {@code \n} marks a line break the
     * source asked for (an HTML {@code <br>}, a markdown hard break), kept once, without spaces around it. Leading and
     * trailing whitespace is dropped. The result is empty when nothing readable was left.
     */
    static String prose(String raw) {
        String text = nfc(removeUnreadable(raw, false));
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        boolean pendingNewline = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                pendingNewline = true;
            } else if (isWhitespace(c)) {
                pendingSpace = true;
            } else {
                if (!out.isEmpty()) {
                    if (pendingNewline) {
                        out.append('\n');
                    } else if (pendingSpace) {
                        out.append(' ');
                    }
                }
                pendingSpace = false;
                pendingNewline = false;
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Normalises code: line ends become {@code \n}, lines are kept verbatim (indentation and tabs included), runs of
     * blank lines become one empty line, and blank lines at the start and the end are dropped.
     */
    static String code(String raw) {
        String text = nfc(removeUnreadable(raw.replace("\r\n", "\n").replace('\r', '\n'), true));
        StringBuilder out = new StringBuilder(text.length());
        boolean blankPending = false;
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            if (text.substring(lineStart, lineEnd).isBlank()) {
                blankPending = !out.isEmpty();
            } else {
                if (!out.isEmpty()) {
                    out.append(blankPending ? "\n\n" : "\n");
                }
                blankPending = false;
                out.append(text, lineStart, lineEnd);
            }
            lineStart = lineEnd + 1;
        }
        return out.toString();
    }

    /** Whitespace in the widest sense: Java's, plus no-break and other Unicode space separators. */
    static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static String removeUnreadable(String text, boolean keepCodeWhitespace) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean drop;
            int width = 1;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                drop = false;
                width = 2;
            } else {
                drop = isUnreadable(c, keepCodeWhitespace);
            }
            if (drop && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (!drop && out != null) {
                out.append(text, i, i + width);
            }
            i += width - 1;
        }
        return out == null ? text : out.toString();
    }

    private static boolean isUnreadable(char c, boolean keepCodeWhitespace) {
        if (c == '\n' || c == '\t') {
            return false;
        }
        if (c == '\r') {
            return keepCodeWhitespace; // code has its \r turned into \n already; in prose it is whitespace
        }
        return Character.isISOControl(c)
                || Character.isSurrogate(c) // only unpaired ones get here
                || c == '\uFFFD' || c == '\uFEFF' || c == '\u00AD' || c == '\uFFFE' || c == '\uFFFF';
    }

    private static String nfc(String text) {
        return Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }
}
