package dev.sluice.processor.text;

/**
 * Turns plain text into paragraphs, split on blank lines. Nothing else is structure in plain text: a line of
 * {@code ===} or one starting with {@code #} is just text, and single line breaks are spaces (text wrapped at 72
 * columns is one paragraph).
 */
final class PlainTextBlockExtractor {

    private PlainTextBlockExtractor() {}

    static void extract(String text, BlockSink sink) {
        StringBuilder paragraph = new StringBuilder();
        int lineStart = 0;
        int length = text.length();
        while (lineStart <= length) {
            int lineEnd = nextLineEnd(text, lineStart);
            String line = text.substring(lineStart, lineEnd);
            if (isBlank(line)) {
                emit(paragraph, sink);
            } else {
                paragraph.append(line).append(' ');
            }
            lineStart = lineEnd + 1;
            if (lineEnd < length && text.charAt(lineEnd) == '\r' && lineEnd + 1 < length
                    && text.charAt(lineEnd + 1) == '\n') {
                lineStart++;
            }
        }
        emit(paragraph, sink);
    }

    private static int nextLineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }

    /** Blank also when it holds only no-break spaces or control characters, which cleaning removes anyway. */
    private static boolean isBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!TextNormalizer.isWhitespace(c) && !Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    private static void emit(StringBuilder paragraph, BlockSink sink) {
        if (!paragraph.isEmpty()) {
            sink.prose(Block.Kind.PARAGRAPH, 0, paragraph.toString());
            paragraph.setLength(0);
        }
    }
}
