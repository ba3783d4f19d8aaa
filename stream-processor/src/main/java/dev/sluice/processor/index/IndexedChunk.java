package dev.sluice.processor.index;

import java.util.Objects;

/**
 * A chunk as the indexes store it: its text, where it comes from, and its vector.
 *
 * @param chunkId     {@link ChunkIds#of(String, int)} of document id and chunk index: a replay writes the same id
 * @param documentId  the document
 * @param chunkIndex  position in the document, from 0
 * @param url         the document's URL
 * @param domain      the URL's host (lower case), for filtering
 * @param title       the document's title, or ""
 * @param headingPath headings above the chunk ("Install > Linux"), or ""
 * @param language    the document's language tag, or ""
 * @param text        the chunk's text
 * @param vector      its embedding; {@code null} where a store needs none (BM25) or search results leave it out
 */
public record IndexedChunk(
        String chunkId,
        String documentId,
        int chunkIndex,
        String url,
        String domain,
        String title,
        String headingPath,
        String language,
        String text,
        float[] vector) {

    public IndexedChunk {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(url, "url");
        domain = domain == null ? "" : domain;
        title = title == null ? "" : title;
        headingPath = headingPath == null ? "" : headingPath;
        language = language == null ? "" : language;
        Objects.requireNonNull(text, "text");
    }

    /** The same chunk without its vector. */
    public IndexedChunk withoutVector() {
        return vector == null ? this : new IndexedChunk(chunkId, documentId, chunkIndex, url, domain, title,
                headingPath, language, text, null);
    }
}
