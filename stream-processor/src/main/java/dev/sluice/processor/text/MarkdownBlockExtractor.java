package dev.sluice.processor.text;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Turns markdown (CommonMark with GFM tables) into blocks: headings, paragraphs, list items with their nesting depth,
 * code (fenced or indented) verbatim, table rows with cells joined by {@code " | "}, block quotes. Inline markup is
 * reduced to its text: links keep their text, images their alt text, inline code its content. HTML blocks are read
 * by {@link HtmlBlockExtractor} the same way as an HTML page's.
 *
 * <p>Both walks are iterative, and the parser caps container and inline nesting, so no input can overflow the stack.
 */
final class MarkdownBlockExtractor {

    /** Deeper block nesting than this (quotes in lists in quotes...) is read as text: no real document goes there. */
    private static final int MAX_BLOCK_NESTING = 64;
    /** Deeper inline nesting (links in emphasis in ...) is read as text. */
    private static final int MAX_INLINE_NESTING = 64;

    /** Thread-safe and immutable: one for all. */
    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(org.commonmark.ext.gfm.tables.TablesExtension.create()))
            .maxOpenBlockParsers(MAX_BLOCK_NESTING)
            .maxInlineNesting(MAX_INLINE_NESTING)
            .build();

    private MarkdownBlockExtractor() {}

    static void extract(String markdown, BlockSink sink) {
        Node document = PARSER.parse(markdown);
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(document, Block.Kind.PARAGRAPH, 0));
        while (!stack.isEmpty()) {
            Frame frame = stack.pop();
            Node node = frame.node();
            switch (node) {
                case Heading heading -> sink.heading(heading.getLevel(), inlineText(heading));
                case Paragraph paragraph -> sink.prose(frame.kind(), frame.listDepth() - 1, inlineText(paragraph));
                case FencedCodeBlock code -> sink.code(code.getLiteral());
                case IndentedCodeBlock code -> sink.code(code.getLiteral());
                case HtmlBlock html -> HtmlBlockExtractor.extractFragment(html.getLiteral(), sink);
                case TableBlock table -> emitTable(table, sink);
                case ThematicBreak ignored -> { }
                case LinkReferenceDefinition ignored -> { }
                case BlockQuote quote -> pushChildren(stack, quote, Block.Kind.QUOTE, frame.listDepth());
                case ListBlock list -> pushChildren(stack, list, frame.kind(), frame.listDepth() + 1);
                case ListItem item -> pushChildren(stack, item, Block.Kind.LIST_ITEM, frame.listDepth());
                default -> {
                    if (node.getFirstChild() instanceof org.commonmark.node.Block) {
                        pushChildren(stack, node, frame.kind(), frame.listDepth());
                    } else if (node.getFirstChild() != null) {
                        // a block of an unknown kind holding inline content: read it as a paragraph
                        sink.prose(frame.kind(), frame.listDepth() - 1, inlineText(node));
                    }
                }
            }
        }
    }

    /** Pushes the children so that they pop in document order. */
    private static void pushChildren(Deque<Frame> stack, Node parent, Block.Kind kind, int listDepth) {
        for (Node child = parent.getLastChild(); child != null; child = child.getPrevious()) {
            stack.push(new Frame(child, kind, listDepth));
        }
    }

    private static void emitTable(TableBlock table, BlockSink sink) {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(table);
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            if (node instanceof TableRow row) {
                StringBuilder line = new StringBuilder();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    String text = cell instanceof TableCell ? TextNormalizer.prose(inlineText(cell)) : "";
                    if (!text.isEmpty()) {
                        if (!line.isEmpty()) {
                            line.append(" | ");
                        }
                        line.append(text);
                    }
                }
                sink.prose(Block.Kind.TABLE_ROW, 0, line.toString());
            } else {
                for (Node child = node.getLastChild(); child != null; child = child.getPrevious()) {
                    stack.push(child);
                }
            }
        }
    }

    /** The text of a node's inline content: markup dropped, soft breaks spaces, hard breaks {@code \n}. */
    private static String inlineText(Node parent) {
        StringBuilder out = new StringBuilder();
        Deque<Node> stack = new ArrayDeque<>();
        for (Node child = parent.getLastChild(); child != null; child = child.getPrevious()) {
            stack.push(child);
        }
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            switch (node) {
                case Text text -> out.append(text.getLiteral());
                case Code code -> out.append(code.getLiteral());
                case SoftLineBreak ignored -> out.append(' ');
                case HardLineBreak ignored -> out.append('\n');
                case HtmlInline html -> {
                    if (html.getLiteral().regionMatches(true, 0, "<br", 0, 3)) {
                        out.append('\n');
                    }
                }
                default -> {
                    for (Node child = node.getLastChild(); child != null; child = child.getPrevious()) {
                        stack.push(child);
                    }
                }
            }
        }
        return out.toString();
    }

    private record Frame(Node node, Block.Kind kind, int listDepth) {}
}
