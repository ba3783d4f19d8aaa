package dev.sluice.processor.embed.coalesce;

import dev.sluice.processor.coalesce.HeldCalls;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.embed.tei.FakeTeiServer;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The embedder under a {@link CoalescingEmbedder} in its unit tests: its calls can be held open until the test lets
 * them go, which is how a test arranges "all slots busy, texts waiting" without sleeping — no real server can be
 * paused like that. It records every call, and answers {@link FakeTeiServer#vectorFor(String, int)}, so results
 * compare with the TEI tests. The real stack (TEI client over a real HTTP server) is tested in
 * {@code CoalescingEmbedderIT}.
 */
final class HeldEmbedder implements Embedder {
    static final int DIMENSION = 8;

    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final HeldCalls held = new HeldCalls();
    private volatile Function<List<String>, RuntimeException> failure = texts -> null;
    private volatile boolean closed;

    /** Calls from now on wait until {@link #letGo()}. */
    void hold() {
        held.hold();
    }

    /** Lets held calls and all later ones through. */
    void letGo() {
        held.letGo();
    }

    /** Calls whose texts make {@code rule} answer an exception throw it (after being let go). */
    void failWhen(Function<List<String>, RuntimeException> rule) {
        this.failure = rule;
    }

    List<List<String>> calls() {
        return List.copyOf(calls);
    }

    /** Texts of {@link #embedQuery} calls: answered at once, never held. */
    List<String> queries() {
        return List.copyOf(queries);
    }

    @Override
    public float[] embedQuery(String text) {
        queries.add(text);
        return vectorFor(text);
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

    static float[] vectorFor(String text) {
        return FakeTeiServer.vectorFor(text, DIMENSION);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        calls.add(List.copyOf(texts));
        try {
            held.enter();
            RuntimeException fault = failure.apply(texts);
            if (fault != null) {
                throw fault;
            }
            return texts.stream().map(HeldEmbedder::vectorFor).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IndexingException.retriable(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING, "interrupted", e);
        } finally {
            held.leave();
        }
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String modelId() {
        return "held";
    }

    @Override
    public void close() {
        closed = true;
    }
}
