package dev.sluice.processor.index.coalesce;

import dev.sluice.processor.coalesce.HeldCalls;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.DocumentChunks;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.schemas.Stage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The store under a {@link CoalescingVectorStore} in its unit tests: its {@code upsertAll} calls can be held open
 * until the test lets them go, which is how a test arranges "all slots busy, documents waiting" without sleeping. It
 * records every call as the list of its document ids ({@code upsert} as a call of one document). The real stack (Qdrant's client against the fake Qdrant) is tested in
 * {@code CoalescingQdrantStoreTest}.
 */
final class HeldVectorStore implements VectorStore {
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final List<String> deletes = new CopyOnWriteArrayList<>();
    private final HeldCalls held = new HeldCalls();
    private volatile Function<List<String>, RuntimeException> failure = ids -> null;
    private volatile boolean closed;

    /** Calls from now on wait until {@link #letGo()}. */
    void hold() {
        held.hold();
    }

    /** Lets held calls and all later ones through. */
    void letGo() {
        held.letGo();
    }

    /** Calls whose document ids make {@code rule} answer an exception throw it (after being let go). */
    void failWhen(Function<List<String>, RuntimeException> rule) {
        this.failure = rule;
    }

    /** The document ids of every {@code upsertAll} call, in the order the calls started. */
    List<List<String>> calls() {
        return List.copyOf(calls);
    }

    List<String> deletes() {
        return List.copyOf(deletes);
    }

    int inFlight() {
        return held.inFlight();
    }

    int maxInFlight() {
        return held.maxInFlight();
    }

    boolean closed() {
        return closed;
    }

    /** A document of {@code n} chunks, with the ids and vectors a store expects. */
    static DocumentChunks document(String documentId, int n) {
        return new DocumentChunks(documentId, chunks(documentId, n));
    }

    static List<IndexedChunk> chunks(String documentId, int n) {
        return IntStream.range(0, n).mapToObj(i -> new IndexedChunk(ChunkIds.of(documentId, i), documentId, i,
                "https://example.org/" + documentId, "example.org", "", "", "", "text " + i, new float[] {1, i}))
                .toList();
    }

    @Override
    public void upsertAll(List<DocumentChunks> documents) {
        List<String> ids = documents.stream().map(DocumentChunks::documentId).toList();
        calls.add(ids);
        try {
            held.enter();
            RuntimeException fault = failure.apply(ids);
            if (fault != null) {
                throw fault;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IndexingException.retriable(ErrorCodes.VECTOR_STORE_UNAVAILABLE, Stage.VECTOR_UPSERT,
                    "interrupted", e);
        } finally {
            held.leave();
        }
    }

    @Override
    public void upsert(String documentId, List<IndexedChunk> chunks) {
        upsertAll(List.of(new DocumentChunks(documentId, chunks)));
    }

    @Override
    public void delete(String documentId) {
        deletes.add(documentId);
    }

    @Override
    public List<ScoredChunk> search(float[] vector, int k, SearchFilter filter) {
        return List.of(new ScoredChunk(chunks("found", 1).getFirst(), 0.5f));
    }

    @Override
    public void close() {
        closed = true;
    }
}
