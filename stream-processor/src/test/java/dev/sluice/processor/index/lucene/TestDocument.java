package dev.sluice.processor.index.lucene;

import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.IndexedChunk;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Builds the chunks of one test document: {@code TestDocument.of("guide").title("Guide").chunks("a", "b")}. */
public final class TestDocument {
    private final String id;
    private String url;
    private String title = "";
    private String headingPath = "";
    private String language = "en";
    private Function<String, float[]> vectors = text -> null;

    private TestDocument(String id) {
        this.id = id;
        this.url = "https://docs.example.org/" + id;
    }

    public static TestDocument of(String id) {
        return new TestDocument(id);
    }

    public TestDocument url(String url) {
        this.url = url;
        return this;
    }

    public TestDocument title(String title) {
        this.title = title;
        return this;
    }

    public TestDocument headingPath(String headingPath) {
        this.headingPath = headingPath;
        return this;
    }

    public TestDocument language(String language) {
        this.language = language;
        return this;
    }

    /** How each chunk's vector is made from its text (none by default). */
    public TestDocument vectors(Function<String, float[]> vectors) {
        this.vectors = vectors;
        return this;
    }

    public String id() {
        return id;
    }

    /** One chunk per text, indexes from 0, ids from {@link ChunkIds}. */
    public List<IndexedChunk> chunks(String... texts) {
        String domain = URI.create(url).getHost();
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new IndexedChunk(ChunkIds.of(id, i), id, i, url, domain, title, headingPath, language,
                    texts[i], vectors.apply(texts[i])));
        }
        return chunks;
    }
}
