package dev.sluice.processor.index.lucene;

import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.SearchFilter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * How a chunk is laid out in a Lucene document, for both embedded indexes: the field names, the exact-match keyword
 * fields used for ids and filters, the stored fields that rebuild an {@link IndexedChunk}, and the filter query.
 */
final class ChunkDocuments {
    static final String CHUNK_ID = "chunk_id";
    static final String DOCUMENT_ID = "document_id";
    static final String CHUNK_INDEX = "chunk_index";
    static final String URL = "url";
    static final String DOMAIN = "domain";
    static final String LANGUAGE = "language";
    static final String TITLE = "title";
    static final String HEADING_PATH = "heading_path";
    static final String TEXT = "text";

    private ChunkDocuments() {}

    /** The term every chunk of the document carries: replace and delete by it. */
    static Term documentKey(String documentId) {
        return new Term(DOCUMENT_ID, documentId);
    }

    /**
     * Adds the keyword fields (indexed as one exact term, stored) and the chunk index; the text fields are up to the
     * index (analyzed for BM25, stored only for vectors).
     */
    static void addKeywordFields(Document doc, IndexedChunk chunk) {
        doc.add(new StringField(CHUNK_ID, chunk.chunkId(), Field.Store.YES));
        doc.add(new StringField(DOCUMENT_ID, chunk.documentId(), Field.Store.YES));
        doc.add(new StringField(URL, chunk.url(), Field.Store.YES));
        doc.add(new StringField(DOMAIN, chunk.domain(), Field.Store.YES));
        doc.add(new StringField(LANGUAGE, chunk.language(), Field.Store.YES));
        doc.add(new StoredField(CHUNK_INDEX, chunk.chunkIndex()));
    }

    /** Rebuilds the chunk (without its vector) from a document's stored fields; absent text fields read as "". */
    static IndexedChunk read(Document doc) {
        return new IndexedChunk(
                doc.get(CHUNK_ID),
                doc.get(DOCUMENT_ID),
                doc.getField(CHUNK_INDEX).numericValue().intValue(),
                doc.get(URL),
                doc.get(DOMAIN),
                doc.get(TITLE),
                doc.get(HEADING_PATH),
                doc.get(LANGUAGE),
                Objects.requireNonNullElse(doc.get(TEXT), ""),
                null);
    }

    /** The filter as Lucene FILTER clauses (they restrict without scoring), or empty when it restricts nothing. */
    static Optional<Query> filterQuery(SearchFilter filter) {
        if (filter == null || filter.isEmpty()) {
            return Optional.empty();
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        if (filter.domain() != null) {
            query.add(new TermQuery(new Term(DOMAIN, filter.domain())), BooleanClause.Occur.FILTER);
        }
        if (filter.language() != null) {
            query.add(new TermQuery(new Term(LANGUAGE, filter.language())), BooleanClause.Occur.FILTER);
        }
        if (filter.urlPrefix() != null) {
            // The url field is one untokenized term, so a prefix query is an exact "starts with".
            query.add(new PrefixQuery(new Term(URL, filter.urlPrefix())), BooleanClause.Occur.FILTER);
        }
        return Optional.of(query.build());
    }

    /**
     * Checks that {@code chunks} are chunks of {@code documentId} with distinct ids and indexes: anything else is a
     * bug in the caller, and writing it would break the one-document-one-block replace.
     */
    static void requireChunksOf(String documentId, List<IndexedChunk> chunks) {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(chunks, "chunks");
        Set<String> ids = new HashSet<>();
        Set<Integer> indexes = new HashSet<>();
        for (IndexedChunk chunk : chunks) {
            Objects.requireNonNull(chunk, "chunk");
            if (!chunk.documentId().equals(documentId)) {
                throw new IllegalArgumentException("chunk " + chunk.chunkId() + " belongs to document "
                        + chunk.documentId() + ", not to " + documentId);
            }
            if (!ids.add(chunk.chunkId()) || !indexes.add(chunk.chunkIndex())) {
                throw new IllegalArgumentException("document " + documentId + " has two chunks with id "
                        + chunk.chunkId() + " or index " + chunk.chunkIndex());
            }
        }
    }

    /**
     * The name of the first keyword field of {@code chunk} that is longer than Lucene accepts for one term
     * ({@value IndexWriter#MAX_TERM_LENGTH} UTF-8 bytes), if any. Lucene's own error would quote the term's bytes,
     * and messages must not carry document content.
     */
    static Optional<String> oversizedKeywordField(IndexedChunk chunk) {
        if (tooLong(chunk.url())) return Optional.of(URL);
        if (tooLong(chunk.domain())) return Optional.of(DOMAIN);
        if (tooLong(chunk.language())) return Optional.of(LANGUAGE);
        if (tooLong(chunk.documentId())) return Optional.of(DOCUMENT_ID);
        if (tooLong(chunk.chunkId())) return Optional.of(CHUNK_ID);
        return Optional.empty();
    }

    private static boolean tooLong(String value) {
        // A UTF-8 byte is at least one char, and a char at most three bytes: only count when it may matter.
        return value.length() * 3L > IndexWriter.MAX_TERM_LENGTH
                && value.getBytes(StandardCharsets.UTF_8).length > IndexWriter.MAX_TERM_LENGTH;
    }
}
