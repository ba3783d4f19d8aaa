package dev.sluice.processor.index.coalesce;

import dev.sluice.processor.coalesce.BatchDispatcher;
import dev.sluice.processor.coalesce.CoalescingQueue;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.DocumentChunks;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.schemas.Stage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VectorStore} that writes the documents of many concurrent {@link #upsert} callers with few, full
 * {@link VectorStore#upsertAll upsertAll} calls of one wrapped store — for Qdrant, one upsert request and one delete
 * for many documents instead of one of each per document. Documents are queued; a dispatcher takes them in arrival
 * order into calls of at most {@link UpsertCoalescingConfig#maxPoints()} points, with at most
 * {@link UpsertCoalescingConfig#maxInFlight()} calls at once. A call that is not full waits up to
 * {@link UpsertCoalescingConfig#linger()} for more documents. The design is {@code CoalescingEmbedder}'s.
 *
 * <p>Each caller returns once the call carrying its document succeeded, or throws that call's
 * {@link IndexingException} — only the callers whose documents were in a failed call fail. A retriable failure reaches
 * every caller of the call (they retry through their own retry policy; nothing is retried here). A <em>permanent</em>
 * failure of a call with several documents is not trusted to be everyone's fault: each of its documents is then
 * written again on its own (in the same slot), so that one document the store refuses does not take its batch-mates
 * to the dead-letter topic.
 *
 * <p>{@link #delete} and {@link #search} go straight to the wrapped store. {@link #close()} fails waiting callers with
 * a retriable {@code VECTOR_STORE_UNAVAILABLE} and closes the wrapped store, which this one owns. An interrupted caller
 * stops waiting at once (retriable failure); its document is dropped unless a call already carries it.
 */
public final class CoalescingVectorStore implements VectorStore {
    private static final Logger LOG = LoggerFactory.getLogger(CoalescingVectorStore.class);

    private final VectorStore delegate;
    private final UpsertCoalescingConfig config;
    private final CoalescingQueue<PendingUpsert> queue = new CoalescingQueue<>();
    private final Set<PendingUpsert> waitingCallers = ConcurrentHashMap.newKeySet();
    private final BatchDispatcher<PendingUpsert> dispatcher;
    private volatile boolean closed;

    /** Starts the dispatcher; {@code delegate} is closed with this store. */
    public CoalescingVectorStore(VectorStore delegate, UpsertCoalescingConfig config) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.config = Objects.requireNonNull(config, "config");
        this.dispatcher = new BatchDispatcher<>("sluice-upsert", queue, config.maxInFlight(),
                () -> new PointLimit(config.maxPoints()), config.linger(), this::run,
                call -> call.forEach(document -> document.fail(closedFailure())));
    }

    @Override
    public void upsert(String documentId, List<IndexedChunk> chunks) {
        upsertAll(List.of(new DocumentChunks(documentId, chunks)));
    }

    /** Queues every document, then waits for all of them; throws the first failure among them. */
    @Override
    public void upsertAll(List<DocumentChunks> documents) {
        Objects.requireNonNull(documents, "documents");
        if (closed) {
            throw closedFailure();
        }
        List<PendingUpsert> pending = documents.stream().map(PendingUpsert::new).toList();
        waitingCallers.addAll(pending);
        try {
            if (!queue.addAll(pending)) {
                throw closedFailure();
            }
            IndexingException failure = null;
            for (PendingUpsert document : pending) {
                try {
                    document.await();
                } catch (IndexingException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        pending.forEach(other -> other.fail(e)); // not written unless a call carries it already
                        throw e;
                    }
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            waitingCallers.removeAll(pending);
        }
    }

    /** Straight to the wrapped store: a probe must not wait behind the writes it is asked about. */
    @Override
    public void probe() {
        delegate.probe();
    }

    @Override
    public void delete(String documentId) {
        delegate.delete(documentId);
    }

    @Override
    public List<ScoredChunk> search(float[] vector, int k, SearchFilter filter) {
        return delegate.search(vector, k, filter);
    }

    /** Documents waiting for a call right now (a gauge for metrics; tests wait on it). */
    public int waitingDocuments() {
        return queue.size();
    }

    /**
     * Stops taking documents, fails every caller still waiting (retriable: their documents are written again later),
     * interrupts the calls in flight and closes the wrapped store.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        IndexingException failure = closedFailure();
        queue.close().forEach(document -> document.fail(failure));
        dispatcher.close();
        waitingCallers.forEach(document -> document.fail(failure));
        delegate.close();
    }

    @Override
    public String toString() {
        return "CoalescingVectorStore[" + delegate + "]";
    }

    private void run(List<PendingUpsert> call) {
        try {
            upsertWithDelegate(call);
            call.forEach(PendingUpsert::succeed);
        } catch (IndexingException e) {
            if (e.retriable() || call.size() == 1 || closed) {
                call.forEach(document -> document.fail(e));
            } else {
                LOG.debug("a call with {} documents was refused ({}); writing each document alone", call.size(),
                        e.code());
                call.forEach(this::runAlone);
            }
        }
    }

    private void runAlone(PendingUpsert document) {
        if (document.isDone()) {
            return;
        }
        try {
            upsertWithDelegate(List.of(document));
            document.succeed();
        } catch (IndexingException e) {
            document.fail(e);
        }
    }

    /** One {@code upsertAll} of the wrapped store; its unexpected exceptions become {@code INTERNAL} ones. */
    private void upsertWithDelegate(List<PendingUpsert> call) {
        List<DocumentChunks> documents = new ArrayList<>(call.size());
        call.forEach(document -> documents.add(document.document()));
        try {
            delegate.upsertAll(documents);
        } catch (IndexingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IndexingException(ErrorCodes.INTERNAL, Stage.VECTOR_UPSERT, false,
                    "the vector store failed unexpectedly: " + e, e);
        }
    }

    /**
     * At most {@code maxPoints} points in one call (a document counts at least one), and no document twice: one call
     * never writes two versions of a document, whose writes would overlap.
     */
    private static final class PointLimit implements CoalescingQueue.BatchLimit<PendingUpsert> {
        private final int maxPoints;
        private final Set<String> documentIds = new HashSet<>();
        private int points;

        PointLimit(int maxPoints) {
            this.maxPoints = maxPoints;
        }

        @Override
        public boolean admits(PendingUpsert next) {
            return points + next.points() <= maxPoints && !documentIds.contains(next.documentId());
        }

        @Override
        public void add(PendingUpsert document) {
            points += document.points();
            documentIds.add(document.documentId());
        }

        @Override
        public boolean isFull() {
            return points >= maxPoints;
        }
    }

    private static IndexingException closedFailure() {
        return IndexingException.retriable(ErrorCodes.VECTOR_STORE_UNAVAILABLE, Stage.VECTOR_UPSERT,
                "the vector store is closed", null);
    }
}
