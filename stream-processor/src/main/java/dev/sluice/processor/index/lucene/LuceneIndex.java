package dev.sluice.processor.index.lucene;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The lifecycle both embedded indexes share: one directory, one {@link IndexWriter}, and a {@link SearcherManager}
 * opened on the writer for near-real-time search. Safe for concurrent use, as its Lucene parts are.
 *
 * <p><b>Read your writes.</b> A search sees every write that returned before it: a search after writes first reopens
 * the reader (about the cost of flushing a small segment, paid once per burst of writes, as Qdrant's
 * {@code wait=true} pays it per upsert). Writers therefore never refresh: an outcome does not wait for a refresh, and
 * an index that is written but not searched flushes segments only when its buffer fills or it commits, which keeps
 * segments (and merges) few.
 *
 * <p>Methods throw {@link IOException}; each index maps it to its own error code.
 */
final class LuceneIndex implements Closeable {

    /** Runs a search against a searcher that stays open for the length of the call. */
    @FunctionalInterface
    interface SearchCall<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Set by every write, cleared by the refresh that makes it visible. */
    private final AtomicBoolean unrefreshedWrites = new AtomicBoolean();
    private volatile boolean closed;

    private LuceneIndex(Path path, Directory directory, IndexWriter writer, SearcherManager searchers) {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    /** Opens the index in {@code path}, creating the directory and an empty index if there is none. */
    static LuceneIndex open(Path path, Analyzer analyzer) throws IOException {
        Files.createDirectories(path);
        return open(path, FSDirectory.open(path), analyzer);
    }

    /** Opens the index in {@code directory} (found at {@code path}, for messages); closes it if that fails. */
    static LuceneIndex open(Path path, Directory directory, Analyzer analyzer) throws IOException {
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    // Lucene's merge-on-refresh makes every refresh and commit wait up to 500 ms for merges of the
                    // small segments it just flushed. A batch refreshes when it is done, so that wait went straight
                    // into the latency of every outcome; merges still run, in the background.
                    .setMaxFullFlushMergeWaitMillis(0)
                    // close() commits explicitly (see commit policy): this only makes the intent visible here
                    .setCommitOnClose(true);
            IndexWriter writer = new IndexWriter(directory, config);
            try {
                return new LuceneIndex(path, directory, writer, new SearcherManager(writer, null));
            } catch (IOException | RuntimeException e) {
                writer.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /**
     * Atomically replaces every document matching {@code key} with {@code documents}: a searcher sees either all old
     * or all new ones, never a mix (Lucene adds them as one block).
     */
    void replace(Term key, List<Document> documents) throws IOException {
        ensureOpen();
        if (documents.isEmpty()) {
            // updateDocuments with no documents trips an accounting assertion inside Lucene 10.6; a delete is the same
            writer.deleteDocuments(key);
        } else {
            writer.updateDocuments(key, documents);
        }
        unrefreshedWrites.set(true);
    }

    void delete(Term key) throws IOException {
        ensureOpen();
        writer.deleteDocuments(key);
        unrefreshedWrites.set(true);
    }

    /** Makes every write so far visible to searches now rather than at the next search. */
    void refresh() throws IOException {
        ensureOpen();
        unrefreshedWrites.set(true);
        refreshIfWritten();
    }

    private void refreshIfWritten() throws IOException {
        // Cleared before refreshing: a write that lands during the refresh sets it again for the next search.
        if (unrefreshedWrites.getAndSet(false)) {
            try {
                searchers.maybeRefreshBlocking(); // waits if another thread is refreshing
            } catch (IOException | RuntimeException e) {
                unrefreshedWrites.set(true);
                throw e;
            }
        }
    }

    /** Makes every write so far durable in the directory (an fsync: expensive, call it rarely). */
    void commit() throws IOException {
        ensureOpen();
        writer.commit();
    }

    /** Runs {@code call} on a searcher that sees every write that returned before this call. */
    <T> T search(SearchCall<T> call) throws IOException {
        ensureOpen();
        refreshIfWritten();
        IndexSearcher searcher = searchers.acquire();
        try {
            return call.apply(searcher);
        } finally {
            searchers.release(searcher);
        }
    }

    /** Documents in the index, deletions excluded. */
    long visibleDocuments() throws IOException {
        return search(searcher -> (long) searcher.getIndexReader().numDocs());
    }

    /**
     * Why the writer closed itself, if it did: after such a tragic failure (e.g. a flush that hit a full disk) every
     * write fails until the index is closed and opened again, which goes back to the last commit.
     */
    Optional<Throwable> failure() {
        return Optional.ofNullable(writer.getTragicException());
    }

    /** The key-value pairs stored with the last commit (empty for a new index). */
    Map<String, String> commitData() {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    /** Commits, recording {@code key = value} with the commit beside the pairs recorded before. */
    void commit(String key, String value) throws IOException {
        Map<String, String> data = commitData();
        data.put(key, value);
        setCommitData(data);
        commit();
    }

    /** Sets the key-value pairs stored with every following commit. */
    void setCommitData(Map<String, String> data) {
        writer.setLiveCommitData(Map.copyOf(data).entrySet());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Lucene index in " + path + " is closed");
        }
    }

    /** Commits, then closes searchers, writer and directory. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (directory; writer; searchers) {
            if (writer.isOpen()) { // not after a tragic failure: there is nothing left to commit then
                writer.commit();
            }
        }
    }
}
