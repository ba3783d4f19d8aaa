package dev.sluice.processor.text;

import dev.sluice.schemas.DocumentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Real pages kept under {@code src/test/resources/text/} (see the README there), and documents made of them. */
public final class TextFixtures {
    public static final String PYTHON_HEAPQ = "python-heapq.html";
    public static final String PYTHON_CONTROLFLOW = "python-controlflow.html";
    public static final String NODE_BUILDING = "node-building.md";
    public static final String BLOG_POST = "blog-post-with-boilerplate.html";
    public static final String CJK = "cjk-article.md";
    public static final String EMOJI = "emoji-release-notes.md";

    private TextFixtures() {}

    public static String read(String name) {
        try (InputStream in = TextFixtures.class.getResourceAsStream("/text/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture as a document: {@code .md} files as markdown, {@code .html} as HTML, anything else as text. */
    public static DocumentEvent document(String name) {
        String content = read(name);
        DocumentEvent.Builder builder = DocumentEvent.builder("https://docs.example.com/" + name);
        if (name.endsWith(".md")) {
            builder.markdown(content);
        } else if (name.endsWith(".html")) {
            builder.html(content);
        } else {
            builder.text(content);
        }
        return builder.build();
    }

    public static CleanedDocument cleaned(String name) {
        return new StructuredTextCleaner().clean(document(name));
    }

    public static DocumentEvent html(String html) {
        return DocumentEvent.builder("https://example.com/page").html(html).build();
    }

    public static DocumentEvent markdown(String markdown) {
        return DocumentEvent.builder("https://example.com/page").markdown(markdown).build();
    }

    public static DocumentEvent text(String text) {
        return DocumentEvent.builder("https://example.com/page").text(text).build();
    }

    /**
     * A page of about {@code bytes} characters: the Python control-flow tutorial's content repeated inside one
     * {@code <main>}, each copy under its own heading, with the page's boilerplate around it once.
     */
    public static String bigHtmlPage(int bytes) {
        Document page = Jsoup.parse(read(PYTHON_CONTROLFLOW));
        Element main = page.selectFirst("[role=main]");
        String body = main.html();
        StringBuilder content = new StringBuilder(bytes + body.length());
        for (int copy = 1; content.length() < bytes; copy++) {
            content.append("<h1>Copy ").append(copy).append("</h1>\n").append(body);
        }
        main.html(content.toString());
        return page.outerHtml();
    }
}
