package dev.sluice.processor.text;

import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Reads the text of one HTML element as a single block would show it: the text of a table cell (one line), or of a
 * code block (verbatim). Iterative, so a deeply nested element cannot overflow the stack.
 */
final class HtmlInlineText {

    /** Elements that start a new line or box in a browser. */
    static final Set<String> BLOCK_TAGS = Set.of(
            "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div",
            "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
            "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "search",
            "section", "summary", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "ul");

    private HtmlInlineText() {}

    /** The element's text on one line: line breaks and block boundaries become spaces. */
    static String oneLine(Element el) {
        StringBuilder out = new StringBuilder();
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.getWholeText());
                } else if (node instanceof Element e) {
                    if (node != el && HtmlBoilerplate.isDropped(e)) {
                        return FilterResult.SKIP_ENTIRELY;
                    }
                    if (BLOCK_TAGS.contains(e.normalName()) || e.normalName().equals("br")) {
                        out.append(' ');
                    } else if (e.normalName().equals("img")) {
                        out.append(' ').append(e.attr("alt")).append(' ');
                    }
                }
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                if (node instanceof Element e && BLOCK_TAGS.contains(e.normalName())) {
                    out.append(' ');
                }
                return FilterResult.CONTINUE;
            }
        }, el);
        return out.toString();
    }

    /**
     * The element's text verbatim, as a {@code <pre>} shows it: whitespace and line breaks kept, {@code <br>} and the
     * end of a block element inside (some highlighters wrap each line in one) a line break.
     */
    static String verbatim(Element el) {
        StringBuilder out = new StringBuilder();
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.getWholeText());
                } else if (node instanceof Element e) {
                    if (node != el && HtmlBoilerplate.isDropped(e)) {
                        return FilterResult.SKIP_ENTIRELY;
                    }
                    if (e.normalName().equals("br")) {
                        out.append('\n');
                    }
                }
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                if (node != el && node instanceof Element e && BLOCK_TAGS.contains(e.normalName())
                        && !out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
                return FilterResult.CONTINUE;
            }
        }, el);
        return out.toString();
    }
}
