package dev.sluice.processor.index.lucene;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.KeywordIndex;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.schemas.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.Bits;

/**
 * BM25 on an embedded Lucene index in one directory (one per input partition).
 *
 * <p><b>Analysis and scoring.</b> Chunk text, title and heading path are analyzed alike by Lucene's
 * {@link EnglishAnalyzer} (possessives, stop words, Porter stemming), so "installing" finds "installed". A query is
 * scored as BM25F over the three fields ({@link org.apache.lucene.search.CombinedFieldQuery}) rather than as a sum of
 * three boosted per-field BM25 scores: BM25F sums the weighted term frequencies first and saturates once, and uses one
 * document frequency for the combined field. A per-field sum would give a word that is rare in titles an outsized
 * title IDF, and reward matching the same word in three fields three times. Weights are in
 * {@link LuceneKeywordIndexConfig}. User queries are never parsed as Lucene syntax (see
 * {@code KeywordQueryBuilder}), so no input makes a search throw; a query with no searchable term finds nothing.
 *
 * <p><b>Writes.</b> {@link #upsert} replaces all chunks of the document in one atomic
 * {@code IndexWriter.updateDocuments(document_id term, chunks)}: replays write the same chunks again (idempotent), a
 * page that shrank loses the tail it no longer has, and a concurrent refresh never sees half of a document's update.
 * Its cost depends on the document, not on the size of the index. Chunk ids are kept as exact terms and stored.
 *
 * <p><b>Visibility and durability.</b> A search (and {@link #chunkCount()}) sees every write that returned before it
 * (near real time, through a {@code SearcherManager} refreshed on the first read after writes; see
 * {@code LuceneIndex}). They become durable on
 * {@link #commit()} and on {@link #close()}, not per write: Kafka is the source of truth and this index is derived
 * from it, so after a crash the uncommitted tail is indexed again from the replayed records (replays are
 * idempotent). Opening a directory that holds an index continues it.
 *
 * <p><b>Errors.</b> An I/O failure while writing is a retriable {@link IndexingException}
 * ({@link ErrorCodes#KEYWORD_INDEX_FAILED}, stage BM25); a keyword field longer than a Lucene term may be (32766 UTF-8
 * bytes) is the same code, permanent. Some I/O failures (a flush that hits a full disk) close Lucene's writer for
 * good: every later write then fails, retriable, with a message saying so, until the owner closes the index and opens
 * it again (back at the last commit; the records since are replayed from Kafka). Reads that fail on I/O throw
 * {@link UncheckedIOException}. Use after {@link #close()} throws {@link IllegalStateException}.
 *
 * <p>Safe for concurrent use.
 */
public final class LuceneKeywordIndex implements KeywordIndex {
    private final LuceneIndex index;
    private final KeywordQueryBuilder queries;

    /** Opens (or creates) the index in {@code directory} with {@link LuceneKeywordIndexConfig#defaults()}. */
    public LuceneKeywordIndex(Path directory) {
        this(directory, LuceneKeywordIndexConfig.defaults());
    }

    public LuceneKeywordIndex(Path directory, LuceneKeywordIndexConfig config) {
        this(directory, config, analyzer -> LuceneIndex.open(directory, analyzer));
    }

    /** Opens the index through {@code opener}: tests use it to put a fault-injecting Lucene directory underneath. */
    LuceneKeywordIndex(Path directory, LuceneKeywordIndexConfig config, IndexOpener opener) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(config, "config");
        Analyzer analyzer = new EnglishAnalyzer();
        try {
            this.index = opener.open(analyzer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the keyword index in " + directory + ": " + e.getMessage(), e);
        }
        this.queries = new KeywordQueryBuilder(analyzer, config);
    }

    @FunctionalInterface
    interface IndexOpener {
        LuceneIndex open(Analyzer analyzer) throws IOException;
    }

    @Override
    public void upsert(String documentId, List<IndexedChunk> chunks) {
        ChunkDocuments.requireChunksOf(documentId, chunks);
        List<Document> documents = new ArrayList<>(chunks.size());
        for (IndexedChunk chunk : chunks) {
            Optional<String> oversized = ChunkDocuments.oversizedKeywordField(chunk);
            if (oversized.isPresent()) {
                throw new IndexingException(ErrorCodes.KEYWORD_INDEX_REJECTED, Stage.BM25, false,
                        "the " + oversized.get() + " of document " + documentId + " is longer than the keyword index"
                                + " accepts for one term");
            }
            documents.add(toDocument(chunk));
        }
        write("update", documentId, () -> index.replace(ChunkDocuments.documentKey(documentId), documents));
    }

    @Override
    public void delete(String documentId) {
        Objects.requireNonNull(documentId, "documentId");
        write("delete", documentId, () -> index.delete(ChunkDocuments.documentKey(documentId)));
    }

    @Override
    public List<ScoredChunk> search(String query, int k, SearchFilter filter) {
        Objects.requireNonNull(query, "query");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1 but was " + k);
        }
        Optional<Query> textQuery = queries.build(query);
        if (textQuery.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder full = new BooleanQuery.Builder().add(textQuery.get(), BooleanClause.Occur.MUST);
        ChunkDocuments.filterQuery(filter).ifPresent(f -> full.add(f, BooleanClause.Occur.FILTER));
        Query luceneQuery = full.build();
        return read("search", () -> index.search(searcher -> {
            TopDocs top = searcher.search(luceneQuery, k);
            StoredFields stored = searcher.storedFields();
            List<ScoredChunk> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                hits.add(new ScoredChunk(ChunkDocuments.read(stored.document(hit.doc)), hit.score));
            }
            return hits;
        }));
    }

    /** Makes every write so far visible now rather than at the next search. */
    @Override
    public void refresh() {
        write("refresh", null, index::refresh);
    }

    /**
     * Makes every write so far durable (fsync). Call it rarely, e.g. when the owning task commits its Kafka offsets;
     * {@link #close()} commits too.
     */
    public void commit() {
        write("commit", null, index::commit);
    }

    /**
     * Commits, recording {@code key = value} with the commit (pairs recorded before are kept). The owner of a
     * partition's index records how far the index reflects its input, to tell later whether it is stale.
     */
    public void commit(String key, String value) {
        write("commit", null, () -> index.commit(key, value));
    }

    /** The value recorded under {@code key} by the last {@link #commit(String, String)}, or {@code null}. */
    public String committedValue(String key) {
        return index.commitData().get(key);
    }

    /** Chunks in the index, counting every write that returned. */
    @Override
    public long chunkCount() {
        return read("count", index::visibleDocuments);
    }

    /**
     * Documents in the index, counting every write that returned: the document ids that still have a live chunk
     * (a replaced or deleted document's old chunks stay in their segment, marked deleted, until a merge).
     */
    @Override
    public long documentCount() {
        return read("count", () -> index.search(searcher -> {
            IndexReader reader = searcher.getIndexReader();
            Terms ids = MultiTerms.getTerms(reader, ChunkDocuments.DOCUMENT_ID);
            if (ids == null) {
                return 0L;
            }
            Bits live = MultiBits.getLiveDocs(reader);
            TermsEnum terms = ids.iterator();
            PostingsEnum postings = null;
            long documents = 0;
            while (terms.next() != null) {
                postings = terms.postings(postings, PostingsEnum.NONE);
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        documents++;
                        break;
                    }
                }
            }
            return documents;
        }));
    }

    /** Commits and closes. Idempotent. */
    @Override
    public void close() {
        try {
            index.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the keyword index in " + index.path(), e);
        }
    }

    private static Document toDocument(IndexedChunk chunk) {
        Document doc = new Document();
        ChunkDocuments.addKeywordFields(doc, chunk);
        doc.add(new TextField(ChunkDocuments.TEXT, chunk.text(), Field.Store.YES));
        // Empty title or heading: no field at all, rather than an empty one that would count as a zero-length field.
        if (!chunk.title().isEmpty()) {
            doc.add(new TextField(ChunkDocuments.TITLE, chunk.title(), Field.Store.YES));
        }
        if (!chunk.headingPath().isEmpty()) {
            doc.add(new TextField(ChunkDocuments.HEADING_PATH, chunk.headingPath(), Field.Store.YES));
        }
        return doc;
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    @FunctionalInterface
    private interface IoRead<T> {
        T get() throws IOException;
    }

    private void write(String operation, String documentId, IoAction action) {
        try {
            action.run();
        } catch (IOException | AlreadyClosedException e) {
            // AlreadyClosedException: the writer closed itself after a tragic failure (e.g. disk full)
            throw IndexingException.retriable(ErrorCodes.KEYWORD_INDEX_FAILED, Stage.BM25,
                    "keyword index " + operation + (documentId == null ? "" : " of document " + documentId)
                            + " failed in " + index.path() + ": " + e.getClass().getSimpleName()
                            + index.failure().map(f -> " (the index failed with " + f.getClass().getSimpleName()
                                    + " and must be closed and opened again: writes since its last commit are lost)")
                                    .orElse(""), e);
        }
    }

    private <T> T read(String operation, IoRead<T> read) {
        try {
            return read.get();
        } catch (IOException e) {
            throw new UncheckedIOException("keyword index " + operation + " failed in " + index.path(), e);
        }
    }
}
