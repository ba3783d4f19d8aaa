package dev.sluice.processor.embed.coalesce;

import dev.sluice.processor.coalesce.BatchDispatcher;
import dev.sluice.processor.coalesce.CoalescingQueue;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Embedder} that packs the texts of many concurrent callers into few, full calls of one wrapped embedder
 * (ARCHITECTURE.md: one coalescing client per instance). Each document's chunks are queued; a dispatcher takes texts
 * in arrival order into batches of at most {@link CoalescingConfig#maxBatchSize()} texts and
 * {@link CoalescingConfig#maxBatchBytes()} bytes, with at most {@link CoalescingConfig#maxInFlight()} calls of the
 * wrapped embedder at once. A batch that is not full waits up to {@link CoalescingConfig#linger()} (10 ms by default)
 * for more texts: while all slots are busy the queue grows, so under load batches are full anyway, and a burst
 * arriving at an idle embedder is packed into full requests instead of taking every free slot with a few chunks.
 *
 * <p>Every caller gets exactly its own vectors, in its order. When a call of the wrapped embedder fails, only the
 * callers whose texts were in it fail, with that same {@link IndexingException} — except that a <em>permanent</em>
 * failure of a batch shared by several callers is not trusted to be everyone's fault: each of those callers' texts is
 * then sent again on its own (in the same slot), so one document the service refuses does not take its batch-mates
 * to the dead-letter topic. Retriable failures are not re-sent: the service is in trouble and the callers retry as a
 * whole later.
 *
 * <p>The batches run on virtual threads. {@link #close()} fails waiting callers with a retriable
 * {@code EMBEDDING_UNAVAILABLE} and closes the wrapped embedder, which this one owns.
 */
public final class CoalescingEmbedder implements Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(CoalescingEmbedder.class);

    private final Embedder delegate;
    private final CoalescingConfig config;
    private final CoalescingQueue<PendingText> queue = new CoalescingQueue<>();
    private final Set<EmbedCall> openCalls = ConcurrentHashMap.newKeySet();
    private final BatchDispatcher<PendingText> dispatcher;
    private volatile boolean closed;

    /** Starts the dispatcher; {@code delegate} is closed with this embedder. */
    public CoalescingEmbedder(Embedder delegate, CoalescingConfig config) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.config = Objects.requireNonNull(config, "config");
        this.dispatcher = new BatchDispatcher<>("sluice-embed", queue, config.maxInFlight(),
                () -> new TextLimit(config.maxBatchSize(), config.maxBatchBytes()), config.linger(), this::run,
                batch -> fail(batch, closedFailure()));
    }

    /**
     * Straight to the wrapped embedder, past the queue: a query joining the queue would wait for every chunk queued
     * before it, while it needs no company to fill a request.
     */
    @Override
    public float[] embedQuery(String text) {
        Objects.requireNonNull(text, "text");
        if (closed) {
            throw closedFailure();
        }
        return delegate.embedQuery(text);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (closed) {
            throw closedFailure();
        }
        if (texts.isEmpty()) {
            return List.of();
        }
        EmbedCall call = new EmbedCall(texts.size());
        List<PendingText> pending = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null");
            }
            pending.add(new PendingText(call, i, text, TextSize.of(text)));
        }
        openCalls.add(call);
        try {
            if (!queue.addAll(pending)) {
                throw closedFailure();
            }
            return call.await();
        } finally {
            openCalls.remove(call);
        }
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    /** Texts waiting for a batch right now (a gauge for metrics; tests wait on it). */
    public int waitingTexts() {
        return queue.size();
    }

    /**
     * Stops taking texts, fails every caller still waiting (retriable: their documents are redone later), interrupts
     * the calls in flight and closes the wrapped embedder.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        IndexingException failure = closedFailure();
        queue.close().forEach(text -> text.call().fail(failure));
        dispatcher.close();
        openCalls.forEach(call -> call.fail(failure));
        delegate.close();
    }

    @Override
    public String toString() {
        return "CoalescingEmbedder[" + delegate + "]";
    }

    private void run(List<PendingText> batch) {
        try {
            deliver(batch, embedWithDelegate(batch));
        } catch (IndexingException e) {
            Map<EmbedCall, List<PendingText>> byCall = byCall(batch);
            if (e.retriable() || byCall.size() == 1 || closed) {
                fail(batch, e);
            } else {
                LOG.debug("a batch of {} texts from {} callers was refused ({}); sending each caller's texts alone",
                        batch.size(), byCall.size(), e.code());
                byCall.values().forEach(this::runAlone);
            }
        }
    }

    private void runAlone(List<PendingText> texts) {
        EmbedCall call = texts.getFirst().call();
        if (call.isDone()) {
            return;
        }
        try {
            deliver(texts, embedWithDelegate(texts));
        } catch (IndexingException e) {
            call.fail(e);
        }
    }

    /** The wrapped embedder's vectors for {@code texts}; its unexpected exceptions become {@code INTERNAL} ones. */
    private List<float[]> embedWithDelegate(List<PendingText> texts) {
        List<float[]> vectors;
        try {
            vectors = delegate.embed(texts.stream().map(PendingText::text).toList());
        } catch (IndexingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IndexingException(ErrorCodes.INTERNAL, Stage.EMBEDDING, false,
                    "the embedder failed unexpectedly: " + e, e);
        }
        if (vectors == null || vectors.size() != texts.size()) {
            throw new IndexingException(ErrorCodes.INTERNAL, Stage.EMBEDDING, false, "the embedder answered "
                    + (vectors == null ? "null" : vectors.size() + " vectors") + " for " + texts.size() + " texts");
        }
        return vectors;
    }

    private static void deliver(List<PendingText> texts, List<float[]> vectors) {
        for (int i = 0; i < texts.size(); i++) {
            PendingText text = texts.get(i);
            text.call().deliver(text.index(), vectors.get(i));
        }
    }

    private static void fail(List<PendingText> texts, IndexingException failure) {
        texts.forEach(text -> text.call().fail(failure));
    }

    private static Map<EmbedCall, List<PendingText>> byCall(List<PendingText> batch) {
        Map<EmbedCall, List<PendingText>> byCall = new LinkedHashMap<>();
        batch.forEach(text -> byCall.computeIfAbsent(text.call(), call -> new ArrayList<>()).add(text));
        return byCall;
    }

    /** At most {@code maxCount} texts and {@code maxBytes} bytes of request ({@link TextSize}) in one batch. */
    private static final class TextLimit implements CoalescingQueue.BatchLimit<PendingText> {
        private final int maxCount;
        private final long maxBytes;
        private int count;
        private long bytes = TextSize.ENVELOPE_BYTES;

        TextLimit(int maxCount, long maxBytes) {
            this.maxCount = maxCount;
            this.maxBytes = maxBytes;
        }

        @Override
        public boolean admits(PendingText next) {
            return count < maxCount && bytes + next.bytes() <= maxBytes;
        }

        @Override
        public void add(PendingText text) {
            count++;
            bytes += text.bytes();
        }

        @Override
        public boolean isFull() {
            return count >= maxCount;
        }
    }

    private static IndexingException closedFailure() {
        return IndexingException.retriable(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING,
                "the embedder is closed", null);
    }
}
