package dev.sluice.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real pages under {@code src/main/resources/text/} that the text benchmarks run on. */
final class TextResources {
    /** The Python documentation's {@code heapq} page: 46 KB of HTML with the site's navigation around it. */
    static final String HTML_PAGE = "python-heapq.html";
    /** Node.js {@code BUILDING.md}: 36 KB of markdown with tables, lists and code. */
    static final String MARKDOWN_PAGE = "node-building.md";

    private TextResources() {}

    static String read(String name) {
        try (InputStream in = TextResources.class.getResourceAsStream("/text/" + name)) {
            if (in == null) {
                throw new IllegalStateException("benchmark resource /text/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
