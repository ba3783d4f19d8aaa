package dev.sluice.processor.text;

import dev.sluice.schemas.DocumentEvent;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TextCleaner} that keeps a document's structure: headings, paragraphs, list items, code, table rows and
 * quotes become {@link Block}s in reading order.
 *
 * <p>Sources are tried in the order markdown, HTML, plain text; the first non-blank one that leaves at least one block
 * wins (a markdown field holding only an HTML comment does not hide a usable HTML field).
 * <ul>
 *   <li>HTML is parsed with jsoup; scripts, styles, embedded objects, form controls, navigation, page headers and
 *       footers outside {@code <main>}/{@code <article>}, hidden elements, permalink anchors and cookie banners are
 *       dropped, and {@code <main>} (or {@code role=main}, else {@code <article>}) is read alone when the page has
 *       one.</li>
 *   <li>Markdown is parsed with commonmark (GFM tables); inline markup is reduced to its text, HTML blocks are read
 *       like HTML.</li>
 *   <li>Plain text is split into paragraphs on blank lines.</li>
 * </ul>
 * Every block is then normalised: NFC, control characters removed (code keeps {@code \t} and {@code \n}),
 * whitespace collapsed to single spaces outside code, runs of blank lines collapsed in code; empty blocks are dropped.
 *
 * <p>Never throws for content: a parser failing on some input (none is known to) is logged without the content, and
 * the next source is tried. Stateless and thread-safe.
 */
public final class StructuredTextCleaner implements TextCleaner {
    private static final Logger LOG = LoggerFactory.getLogger(StructuredTextCleaner.class);

    @Override
    public CleanedDocument clean(DocumentEvent document) {
        Objects.requireNonNull(document, "document");
        for (Source source : Source.values()) {
            String content = source.content(document);
            if (content == null || content.isBlank()) {
                continue;
            }
            List<Block> blocks = extract(source, content, document.documentId());
            if (!blocks.isEmpty()) {
                return new CleanedDocument(blocks);
            }
        }
        return new CleanedDocument(List.of());
    }

    private static List<Block> extract(Source source, String content, String documentId) {
        BlockSink sink = new BlockSink();
        try {
            source.extract(content, sink);
            return sink.blocks();
        } catch (RuntimeException | StackOverflowError e) {
            // Last line of defence: the extractors are iterative and the parsers never throw on bad markup, so this
            // is a bug; one document must still not stop the pipeline. The content stays out of the log.
            LOG.warn("cleaning the {} of document {} failed ({}); trying the next source", source.label,
                    documentId, e.getClass().getName());
            return List.of();
        }
    }

    private enum Source {
        MARKDOWN("markdown") {
            @Override
            String content(DocumentEvent d) {
                return d.markdown();
            }

            @Override
            void extract(String content, BlockSink sink) {
                MarkdownBlockExtractor.extract(content, sink);
            }
        },
        HTML("html") {
            @Override
            String content(DocumentEvent d) {
                return d.html();
            }

            @Override
            void extract(String content, BlockSink sink) {
                HtmlBlockExtractor.extractPage(content, sink);
            }
        },
        TEXT("text") {
            @Override
            String content(DocumentEvent d) {
                return d.text();
            }

            @Override
            void extract(String content, BlockSink sink) {
                PlainTextBlockExtractor.extract(content, sink);
            }
        };

        private final String label;

        Source(String label) {
            this.label = label;
        }

        abstract String content(DocumentEvent document);

        abstract void extract(String content, BlockSink sink);
    }
}
