package dev.sluice.processor.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Turns HTML into blocks with jsoup, the way a reader sees the page: headings, paragraphs, list items with their
 * nesting depth, code verbatim, table rows with cells joined by {@code " | "}, quotes. Boilerplate
 * ({@link HtmlBoilerplate}) is skipped. Inline elements stay inline; {@code <br>} is a line break inside the block.
 *
 * <p>jsoup never throws on malformed markup and caps the tree depth (512), and the walk here is iterative, so no
 * page can overflow the stack.
 */
final class HtmlBlockExtractor {

    private HtmlBlockExtractor() {}

    /**
     * Extracts a whole page. When the page marks its main content ({@code <main>}, {@code role=main}, else
     * {@code <article>}), only that is read — unless it turns out to have no text (a shell a script fills in), in
     * which case the whole body is.
     */
    static void extractPage(String html, BlockSink sink) {
        Document doc = Jsoup.parse(html);
        List<Element> roots = outermost(doc.select("main, [role=main]"));
        if (roots.isEmpty()) {
            roots = outermost(doc.getElementsByTag("article"));
        }
        int before = sink.blocks().size();
        for (Element root : roots) {
            walk(root, sink);
        }
        if (sink.blocks().size() == before) {
            walk(doc.body(), sink);
        }
    }

    /** Extracts a piece of HTML found inside another document, e.g. an HTML block in markdown. */
    static void extractFragment(String html, BlockSink sink) {
        walk(Jsoup.parseBodyFragment(html).body(), sink);
    }

    private static void walk(Element root, BlockSink sink) {
        NodeTraversor.filter(new Walker(sink), root);
    }

    /** The given elements (in document order) without those nested in another of them. */
    private static List<Element> outermost(Elements candidates) {
        List<Element> result = new ArrayList<>();
        for (Element candidate : candidates) {
            // kept elements are disjoint subtrees in document order: only the last one can contain a later candidate
            if (result.isEmpty() || !isInside(candidate, result.getLast())) {
                result.add(candidate);
            }
        }
        return result;
    }

    private static boolean isInside(Element element, Element ancestor) {
        for (Element p = element.parent(); p != null; p = p.parent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * Walks the tree once. Text accumulates in {@link #inline} until a block element starts or ends; then it becomes
     * one block, whose kind is decided by the innermost open heading, list item or quote.
     */
    private static final class Walker implements NodeFilter {
        private final BlockSink sink;
        private final StringBuilder inline = new StringBuilder();
        private final Deque<Element> openBlocks = new ArrayDeque<>();

        Walker(BlockSink sink) {
            this.sink = sink;
        }

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                appendCollapsingLineBreaks(text.getWholeText());
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element el)) {
                return FilterResult.CONTINUE; // comments, doctype, script data
            }
            if (HtmlBoilerplate.isDropped(el)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            String tag = el.normalName();
            switch (tag) {
                case "br" -> inline.append('\n');
                case "img" -> inline.append(' ').append(el.attr("alt")).append(' ');
                case "pre" -> {
                    flush();
                    sink.code(HtmlInlineText.verbatim(el));
                    return FilterResult.SKIP_ENTIRELY;
                }
                case "code" -> {
                    if (isCodeBlock(el)) {
                        flush();
                        sink.code(HtmlInlineText.verbatim(el));
                        return FilterResult.SKIP_ENTIRELY;
                    }
                }
                case "table" -> {
                    if (isDataTable(el)) {
                        flush();
                        emitTable(el);
                        return FilterResult.SKIP_ENTIRELY;
                    }
                }
                default -> { }
            }
            if (HtmlInlineText.BLOCK_TAGS.contains(tag)) {
                flush();
                openBlocks.push(el);
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element el && HtmlInlineText.BLOCK_TAGS.contains(el.normalName())) {
                flush();
                openBlocks.pop();
            }
            return FilterResult.CONTINUE;
        }

        /** Source line breaks are just whitespace in HTML; only {@code <br>} puts a {@code \n} in the buffer. */
        private void appendCollapsingLineBreaks(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                inline.append(c == '\n' || c == '\r' ? ' ' : c);
            }
        }

        private void flush() {
            if (inline.isEmpty()) {
                return;
            }
            String text = inline.toString();
            inline.setLength(0);
            for (Element open : openBlocks) { // innermost first
                String tag = open.normalName();
                if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
                    sink.heading(tag.charAt(1) - '0', text);
                    return;
                }
                if (tag.equals("li")) {
                    sink.prose(Block.Kind.LIST_ITEM, listDepth() - 1, text);
                    return;
                }
                if (tag.equals("blockquote")) {
                    sink.prose(Block.Kind.QUOTE, 0, text);
                    return;
                }
            }
            sink.prose(Block.Kind.PARAGRAPH, 0, text);
        }

        private int listDepth() {
            int depth = 0;
            for (Element open : openBlocks) {
                String tag = open.normalName();
                if (tag.equals("ul") || tag.equals("ol") || tag.equals("menu") || tag.equals("dir")) {
                    depth++;
                }
            }
            return Math.max(depth, 1);
        }

        private void emitTable(Element table) {
            for (Element caption : table.getElementsByTag("caption")) {
                sink.prose(Block.Kind.PARAGRAPH, 0, HtmlInlineText.oneLine(caption));
            }
            for (Element row : table.getElementsByTag("tr")) {
                StringBuilder line = new StringBuilder();
                for (Element cell : row.children()) {
                    if (!cell.nameIs("td") && !cell.nameIs("th")) {
                        continue;
                    }
                    String text = TextNormalizer.prose(HtmlInlineText.oneLine(cell));
                    if (!text.isEmpty()) {
                        if (!line.isEmpty()) {
                            line.append(" | ");
                        }
                        line.append(text);
                    }
                }
                sink.prose(Block.Kind.TABLE_ROW, 0, line.toString());
            }
        }

        /**
         * A data table holds rows of cells. A table holding another table or headings is page layout (old sites
         * built whole pages that way): its cells are walked as ordinary blocks instead, so their structure survives.
         */
        private static boolean isDataTable(Element table) {
            String role = table.attr("role").trim();
            if (role.equalsIgnoreCase("presentation") || role.equalsIgnoreCase("none")) {
                return false;
            }
            return table.getElementsByTag("table").size() == 1
                    && table.select("h1, h2, h3, h4, h5, h6").isEmpty();
        }

        /** A {@code <code>} outside {@code <pre>} is a block when it spans lines and stands alone in its parent. */
        private static boolean isCodeBlock(Element code) {
            if (code.wholeText().indexOf('\n') < 0) {
                return false;
            }
            for (Node sibling : code.siblingNodes()) {
                if (!(sibling instanceof TextNode text) || !text.isBlank()) {
                    return false;
                }
            }
            return true;
        }
    }
}
