package dev.sluice.processor.embed.onnx;

import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.embed.MiniLm;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process {@link Embedder}: all-MiniLM-L6-v2, quantized ONNX, {@value MiniLm#DIMENSION} dimensions, run by
 * ONNX Runtime from the model inside the langchain4j artifact ({@link MiniLm}) — nothing is downloaded.
 *
 * <h2>Batching</h2>
 * A call tokenizes its texts (truncated to {@code embedding.onnx.max.sequence.length}, 256 tokens by default), sorts
 * them by token length, and packs them in that order into sub-batches of at most {@code embedding.max.batch.size}
 * texts and {@code embedding.onnx.max.batch.tokens} padded tokens. Each sub-batch is one padded ONNX run; the token
 * vectors are mean-pooled under the attention mask and L2-normalised, and the vectors come back in the order of the
 * texts.
 *
 * <p>Why a token budget as well as a count: on CPU, bigger runs are <em>slower</em> per text once their intermediate
 * tensors outgrow the caches. CPU time per text of one thread, by texts per run (length-sorted prose, ONNX Runtime
 * 1.20, 2-core AMD EPYC with AVX-512 VNNI):
 * <table>
 *   <caption>ms of CPU per text</caption>
 *   <tr><th>tokens per text</th><th>1</th><th>2</th><th>4</th><th>8</th><th>16</th><th>32</th></tr>
 *   <tr><td>256</td><td>21.2</td><td>20.9</td><td>23.1</td><td>23.1</td><td>23.7</td><td>25.6</td></tr>
 *   <tr><td>128</td><td>9.4</td><td>9.2</td><td>8.8</td><td>9.7</td><td>9.5</td><td>10.0</td></tr>
 *   <tr><td>64</td><td>5.5</td><td>5.0</td><td>4.9</td><td>4.5</td><td>4.6</td><td>4.8</td></tr>
 * </table>
 * The best runs hold about 512 padded tokens (the default budget): 2 texts of 256 tokens, 4 of 128, 8 of 64. Batching
 * saves 1–2% on full 256-token chunks, 7% at 128 tokens and 17% at 64 tokens; the rest of the gain over one ONNX call
 * per text comes from tokenizing once and from the thread layout below.
 *
 * <p>Batching has a price with this model: it quantizes its activations dynamically with one scale per tensor, that
 * is per batch, padding included, so a text's vector depends slightly on the texts it shares a run with. Against the
 * same text run alone, the cosine was 0.993 in the median and 0.984 at worst over 96 passages of 2 to 190 words, and
 * about 0.98 for texts of a few tokens. The same call always gives the same vectors, and a batch size of 1 gives
 * exactly the vectors of one-at-a-time (and of langchain4j, up to 128 tokens).
 *
 * <h2>Threads</h2>
 * All callers share one session ({@code OrtSession.run} is thread-safe). Runs go to a pool of
 * {@code embedding.onnx.concurrent.runs} platform threads (native code would pin a virtual thread's carrier), which is
 * the cap on runs in flight across all callers; each run may use {@code embedding.onnx.intra.op.threads} threads. A
 * search query's run ({@link #embedQuery}) goes ahead of every queued run ({@link RunQueue}): it waits for a run in
 * progress to end, not for the backlog of indexing. A call is split into enough sub-batches to give every concurrent
 * run work, so a single caller keeps every core busy too. The default, one intra-op thread and one run per core, was
 * the most efficient layout measured: in texts per CPU second ({@code EmbedderBenchmark -p threads=1x2,2x1,1x1}; the 2
 * cores were shared with other builds, so texts/s alone swung with their load):
 * <table>
 *   <caption>texts per CPU second, intra-op threads × concurrent runs</caption>
 *   <tr><th>tokens per text</th><th>1 × 2 (default)</th><th>2 × 1</th><th>1 × 1</th></tr>
 *   <tr><td>256</td><td>40</td><td>36</td><td>39</td></tr>
 *   <tr><td>64</td><td>193</td><td>97</td><td>209</td></tr>
 * </table>
 * Two intra-op threads spend the difference synchronising and spin-waiting, the more so the shorter the run; under
 * contention it got worse still (45.6 instead of 24.4 ms of CPU per 256-token text). Runs of one thread need no
 * synchronisation, and two of them keep both cores busy, with no oversubscription: threads × runs = cores.
 *
 * <h2>Errors</h2>
 * A {@code null} list or text is an {@link IllegalArgumentException}; an empty text is allowed (it embeds as [CLS]
 * [SEP]). A failure of the tokenizer or the model is a permanent {@link IndexingException} ({@code EMBEDDING_REJECTED},
 * stage {@code EMBEDDING}) whose message says how many texts and tokens, never what they were; a call during or after
 * {@link #close()}, or an interrupted one, is a retriable {@code EMBEDDING_UNAVAILABLE}.
 */
public final class OnnxEmbedder implements Embedder {
    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** How long {@link #close()} waits for a run that a failed or interrupted call left behind. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final OnnxEmbedderConfig config;
    private final TruncatingTokenizer tokenizer;
    private final MiniLmSession session;
    private final RunQueue runs;
    // Calls hold the read lock; close() takes the write lock, so it never frees native memory a call is still using.
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /** An embedder with {@link OnnxEmbedderConfig#defaults()}. */
    public OnnxEmbedder() {
        this(OnnxEmbedderConfig.defaults());
    }

    public OnnxEmbedder(OnnxEmbedderConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        this.tokenizer = new TruncatingTokenizer(config.maxSequenceLength());
        try {
            this.session = new MiniLmSession(MiniLm.modelBytes(), config.intraOpThreads());
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        this.runs = new RunQueue(config.concurrentRuns(), runThreads());
        log.info("In-process embedder ready: {}, {} dims, up to {} texts and {} padded tokens per run, {} tokens per "
                        + "text, {} concurrent run(s) of {} intra-op thread(s)", MiniLm.MODEL_ID, MiniLm.DIMENSION,
                config.maxBatchSize(), config.maxBatchTokens(), config.maxSequenceLength(), config.concurrentRuns(),
                config.intraOpThreads());
    }

    private static ThreadFactory runThreads() {
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "sluice-onnx-embedder-" + instance + "-run-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        checkTexts(texts);
        if (texts.isEmpty()) {
            return List.of();
        }
        return embedWhileOpen(texts, false);
    }

    /** The query's one run goes ahead of every run indexing has queued ({@link RunQueue}). */
    @Override
    public float[] embedQuery(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return embedWhileOpen(List.of(text), true).getFirst();
    }

    private List<float[]> embedWhileOpen(List<String> texts, boolean urgent) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IndexingException(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING, true,
                        "the in-process embedder is closed");
            }
            return embedOpen(texts, urgent);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static void checkTexts(List<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null; every text must be a string (it may be "
                        + "empty)");
            }
        }
    }

    private List<float[]> embedOpen(List<String> texts, boolean urgent) {
        long[][] tokenIds = tokenizer.encode(texts);
        int[] lengths = Arrays.stream(tokenIds).mapToInt(ids -> ids.length).toArray();
        List<int[]> groups =
                SubBatches.plan(lengths, config.maxBatchSize(), config.maxBatchTokens(), config.concurrentRuns());
        List<CompletableFuture<float[][]>> results = new ArrayList<>(groups.size());
        for (int[] group : groups) {
            List<long[]> sequences = Arrays.stream(group).mapToObj(i -> tokenIds[i]).toList();
            results.add(runs.submit(() -> session.embed(PaddedBatch.of(sequences)), urgent));
        }
        float[][] vectors = new float[texts.size()][];
        for (int g = 0; g < groups.size(); g++) {
            float[][] groupVectors = await(results.get(g), results);
            int[] group = groups.get(g);
            for (int row = 0; row < group.length; row++) {
                vectors[group[row]] = groupVectors[row];
            }
        }
        return List.of(vectors);
    }

    private static float[][] await(CompletableFuture<float[][]> result, List<CompletableFuture<float[][]>> all) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(f -> f.cancel(false));
            throw new IndexingException(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING, true,
                    "interrupted while waiting for the in-process model", e);
        } catch (ExecutionException e) {
            all.forEach(f -> f.cancel(false));
            Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
            if (cause instanceof IndexingException ie) {
                throw ie;
            }
            throw new IndexingException(ErrorCodes.INTERNAL, Stage.EMBEDDING, false,
                    "in-process embedding failed unexpectedly: " + cause, cause);
        }
    }

    private boolean awaitRuns() {
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            while (true) {
                try {
                    return runs.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether a call is between its start and its return (for tests of {@link #close()}). */
    boolean hasCallsInProgress() {
        return lifecycle.getReadLockCount() > 0;
    }

    @Override
    public int dimension() {
        return MiniLm.DIMENSION;
    }

    @Override
    public String modelId() {
        return MiniLm.MODEL_ID;
    }

    /** The settings this embedder runs with. */
    public OnnxEmbedderConfig config() {
        return config;
    }

    /**
     * Waits for calls in progress, then frees the session, the run threads and the tokenizer. The process-wide ONNX
     * environment stays (other sessions may use it). Idempotent.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            runs.shutdownNow();
            tokenizer.close();
            // A run abandoned by an interrupted or failed call may still be in the session: closing the session
            // under it would crash the JVM, so wait for it, and leak the session rather than crash if it hangs.
            if (awaitRuns()) {
                session.close();
                log.info("In-process embedder closed");
            } else {
                log.warn("In-process embedder closed without freeing its ONNX session: a run did not end within {} s",
                        CLOSE_WAIT.toSeconds());
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
