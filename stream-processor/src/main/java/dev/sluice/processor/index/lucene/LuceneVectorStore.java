package dev.sluice.processor.index.lucene;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.schemas.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * Chunk vectors in an embedded Lucene index (HNSW graph, cosine similarity) in one directory (one per input
 * partition), for running Sluice on one machine without Qdrant.
 *
 * <p><b>Why a second index.</b> ARCHITECTURE.md suggests one Lucene index per partition holding both the BM25 fields
 * and the vectors. We keep the vectors in their own index so that {@code VectorStore} and {@code KeywordIndex} map
 * one to one onto the production split (Qdrant for vectors, Lucene for BM25): the engine writes both the same way
 * in either setup, each store fails, retries and is rebuilt alone, and neither needs to know about the other. The cost
 * is the chunk's stored fields kept twice on disk (small next to the 1.5 KB of a 384-dimension vector).
 *
 * <p><b>Writes.</b> Like {@link LuceneKeywordIndex}: {@link #upsert} atomically replaces every chunk of the document
 * (idempotent, drops the tail of a page that shrank), {@link #delete} removes them all. Each vector must have the
 * configured dimension, finite values and a non-zero length, otherwise the write is rejected with a permanent
 * {@link IndexingException} ({@link ErrorCodes#VECTOR_STORE_REJECTED}); an I/O failure is retriable
 * ({@link ErrorCodes#VECTOR_STORE_UNAVAILABLE}); both of stage {@code VECTOR_UPSERT}.
 *
 * <p><b>Visibility and durability.</b> As with Qdrant's {@code wait=true}, a search sees every upsert that returned
 * before it: a search after writes first reopens the reader (see {@code LuceneIndex}; {@link #refresh()} pays it
 * up front). Writes are durable on {@link #commit()} and
 * {@link #close()}; the index is derived data, rebuilt from Kafka after a crash. The dimension and the embedding model
 * are stored with each commit, and reopening the index with another of either fails: vectors of different models must
 * not be mixed.
 *
 * <p><b>Search.</b> {@link #search} is a {@link KnnFloatVectorQuery} with the filter as its pre-filter (Lucene falls
 * back to an exact scan when the filter leaves few chunks), so {@code k} results come back whenever {@code k} chunks
 * pass the filter. Scores are cosine similarities in [-1, 1], as Qdrant reports them.
 *
 * <p>Safe for concurrent use.
 */
public final class LuceneVectorStore implements VectorStore {
    static final String VECTOR = "vector";
    static final String DIMENSION_KEY = "sluice.vector.dimension";
    static final String MODEL_KEY = "sluice.embedding.model";

    private final LuceneIndex index;
    private final int dimension;
    /** Set by every write, cleared by a refresh: searches reopen the reader only when something changed. */

    /**
     * Opens (or creates) the vector index in {@code directory}.
     *
     * @param dimension {@code vector.dimension}: length of every vector, 1 to
     *                  {@value KnnVectorsFormat#DEFAULT_MAX_DIMENSIONS} (Lucene's limit); the embedder's dimension
     * @param modelId   the embedder's model id; an existing index made with another model is refused
     */
    public LuceneVectorStore(Path directory, int dimension, String modelId) {
        // Nothing here is analyzed (ids are exact terms, text is only stored): the analyzer is never used.
        this(directory, dimension, modelId, () -> LuceneIndex.open(directory, new StandardAnalyzer()));
    }

    /** Opens the index through {@code opener}: tests use it to put a fault-injecting Lucene directory underneath. */
    LuceneVectorStore(Path directory, int dimension, String modelId, IndexOpener opener) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(modelId, "modelId");
        if (dimension < 1 || dimension > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS) {
            throw new IllegalArgumentException("vector.dimension must be between 1 and "
                    + KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS + " but was " + dimension);
        }
        this.dimension = dimension;
        try {
            this.index = opener.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the vector index in " + directory + ": " + e.getMessage(), e);
        }
        try {
            checkSameModel(directory, modelId);
        } catch (RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
        // Keep what earlier commits recorded (e.g. how far the owner's input is reflected) beside model and size.
        Map<String, String> data = index.commitData();
        data.put(DIMENSION_KEY, String.valueOf(dimension));
        data.put(MODEL_KEY, modelId);
        index.setCommitData(data);
    }

    @FunctionalInterface
    interface IndexOpener {
        LuceneIndex open() throws IOException;
    }

    private void checkSameModel(Path directory, String modelId) {
        Map<String, String> previous = index.commitData();
        String previousDimension = previous.get(DIMENSION_KEY);
        String previousModel = previous.get(MODEL_KEY);
        if (previousDimension != null && !previousDimension.equals(String.valueOf(dimension))) {
            throw new IllegalStateException("the vector index in " + directory + " holds vectors of dimension "
                    + previousDimension + " but vector.dimension is " + dimension + ": use another directory");
        }
        if (previousModel != null && !previousModel.equals(modelId)) {
            throw new IllegalStateException("the vector index in " + directory + " holds vectors of model '"
                    + previousModel + "' but the embedder is '" + modelId + "': use another directory");
        }
    }

    /** Length of every vector. */
    public int dimension() {
        return dimension;
    }

    @Override
    public void upsert(String documentId, List<IndexedChunk> chunks) {
        ChunkDocuments.requireChunksOf(documentId, chunks);
        List<Document> documents = new ArrayList<>(chunks.size());
        for (IndexedChunk chunk : chunks) {
            checkVector(chunk);
            Optional<String> oversized = ChunkDocuments.oversizedKeywordField(chunk);
            if (oversized.isPresent()) {
                throw IndexingException.permanent(ErrorCodes.VECTOR_STORE_REJECTED, Stage.VECTOR_UPSERT,
                        "the " + oversized.get() + " of document " + documentId + " is longer than the vector store"
                                + " accepts for one term");
            }
            documents.add(toDocument(chunk));
        }
        write("upsert", documentId, () -> index.replace(ChunkDocuments.documentKey(documentId), documents));
    }

    @Override
    public void delete(String documentId) {
        Objects.requireNonNull(documentId, "documentId");
        write("delete", documentId, () -> index.delete(ChunkDocuments.documentKey(documentId)));
    }

    @Override
    public List<ScoredChunk> search(float[] vector, int k, SearchFilter filter) {
        Objects.requireNonNull(vector, "vector");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1 but was " + k);
        }
        String problem = vectorProblem(vector);
        if (problem != null) {
            throw new IllegalArgumentException("query vector " + problem);
        }
        KnnFloatVectorQuery query =
                new KnnFloatVectorQuery(VECTOR, vector, k, ChunkDocuments.filterQuery(filter).orElse(null));
        try {
            return index.search(searcher -> {
                TopDocs top = searcher.search(query, k);
                StoredFields stored = searcher.storedFields();
                List<ScoredChunk> hits = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc hit : top.scoreDocs) {
                    hits.add(new ScoredChunk(ChunkDocuments.read(stored.document(hit.doc)), cosine(hit.score)));
                }
                return hits;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("vector search failed in " + index.path(), e);
        }
    }

    /** Makes every write so far visible to searches now, rather than at the next search. */
    public void refresh() {
        write("refresh", null, index::refresh);
    }

    /** Makes every write so far durable (fsync). {@link #close()} commits too. */
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
    public long chunkCount() {
        try {
            return index.visibleDocuments();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the chunks in " + index.path(), e);
        }
    }

    /** Commits and closes. Idempotent. */
    @Override
    public void close() {
        try {
            index.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the vector index in " + index.path(), e);
        }
    }

    private void checkVector(IndexedChunk chunk) {
        if (chunk.vector() == null) {
            throw IndexingException.permanent(ErrorCodes.VECTOR_STORE_REJECTED, Stage.VECTOR_UPSERT,
                    "chunk " + chunk.chunkIndex() + " of document " + chunk.documentId() + " has no vector");
        }
        String problem = vectorProblem(chunk.vector());
        if (problem != null) {
            throw IndexingException.permanent(ErrorCodes.VECTOR_STORE_REJECTED, Stage.VECTOR_UPSERT,
                    "the vector of chunk " + chunk.chunkIndex() + " of document " + chunk.documentId() + " " + problem);
        }
    }

    /** Why {@code vector} cannot be stored or searched, or {@code null} if it can. */
    private String vectorProblem(float[] vector) {
        if (vector.length != dimension) {
            return "has " + vector.length + " dimensions but the store holds " + dimension;
        }
        double squaredNorm = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                return "has a value that is not a finite number";
            }
            squaredNorm += (double) v * v;
        }
        return squaredNorm == 0 ? "is all zeros (cosine similarity is undefined)" : null;
    }

    private static Document toDocument(IndexedChunk chunk) {
        Document doc = new Document();
        ChunkDocuments.addKeywordFields(doc, chunk);
        doc.add(new StoredField(ChunkDocuments.TEXT, chunk.text()));
        doc.add(new StoredField(ChunkDocuments.TITLE, chunk.title()));
        doc.add(new StoredField(ChunkDocuments.HEADING_PATH, chunk.headingPath()));
        doc.add(new KnnFloatVectorField(VECTOR, chunk.vector(), VectorSimilarityFunction.COSINE));
        return doc;
    }

    /** Lucene scores cosine as (1 + cos) / 2 so that it is never negative; report the cosine itself. */
    private static float cosine(float luceneScore) {
        return 2f * luceneScore - 1f;
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private void write(String operation, String documentId, IoAction action) {
        try {
            action.run();
        } catch (IOException | AlreadyClosedException e) {
            throw IndexingException.retriable(ErrorCodes.VECTOR_STORE_UNAVAILABLE, Stage.VECTOR_UPSERT,
                    "vector store " + operation + (documentId == null ? "" : " of document " + documentId)
                            + " failed in " + index.path() + ": " + e.getClass().getSimpleName()
                            + index.failure().map(f -> " (the index failed with " + f.getClass().getSimpleName()
                                    + " and must be closed and opened again: writes since its last commit are lost)")
                                    .orElse(""), e);
        }
    }

    private void closeQuietly(RuntimeException cause) {
        try {
            index.close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
