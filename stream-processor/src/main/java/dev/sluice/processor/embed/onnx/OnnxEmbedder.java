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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * <p>A call tokenizes its texts (truncated to {@code embedding.onnx.max.sequence.length} tokens), sorts them by token
 * length, splits them into sub-batches of at most {@code embedding.max.batch.size}, and runs each sub-batch as one
 * padded ONNX run; the token vectors are mean-pooled under the attention mask and L2-normalised, and the vectors come
 * back in the order of the texts.
 *
 * <p>Threads. All callers share one session. Runs go to a pool of {@code embedding.onnx.concurrent.runs} platform
 * threads (native code would pin a virtual thread's carrier), which is the cap on runs in flight; each run may use
 * {@code embedding.onnx.intra.op.threads} threads. A call is split into at least as many sub-batches as there are
 * concurrent runs, so a single caller keeps every core busy too. TODO figures.
 *
 * <p>Errors: a {@code null} list or text is an {@link IllegalArgumentException}; a failure of the tokenizer or the
 * model is a permanent {@link IndexingException} ({@code EMBEDDING_REJECTED}, stage {@code EMBEDDING}) whose message
 * says how many texts and tokens, never what they were; a call during or after {@link #close()}, or an interrupted
 * one, is a retriable {@code EMBEDDING_UNAVAILABLE}. An empty text is allowed (it embeds as [CLS] [SEP]).
 */
public final class OnnxEmbedder implements Embedder {
    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** How long {@link #close()} waits for a run that a failed or interrupted call left behind. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final OnnxEmbedderConfig config;
    private final TruncatingTokenizer tokenizer;
    private final MiniLmSession session;
    private final ExecutorService runs;
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
        this.runs = Executors.newFixedThreadPool(config.concurrentRuns(), runThreads());
        log.info("In-process embedder ready: {}, {} dims, max batch {}, max {} tokens, {} concurrent run(s) of {} "
                        + "intra-op thread(s)", MiniLm.MODEL_ID, MiniLm.DIMENSION, config.maxBatchSize(),
                config.maxSequenceLength(), config.concurrentRuns(), config.intraOpThreads());
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
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IndexingException(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING, true,
                        "the in-process embedder is closed");
            }
            return embedOpen(texts);
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

    private List<float[]> embedOpen(List<String> texts) {
        long[][] tokenIds = tokenizer.encode(texts);
        int[] lengths = Arrays.stream(tokenIds).mapToInt(ids -> ids.length).toArray();
        List<int[]> groups =
                SubBatches.plan(lengths, config.maxBatchSize(), config.maxBatchTokens(), config.concurrentRuns());
        List<CompletableFuture<float[][]>> results = new ArrayList<>(groups.size());
        for (int[] group : groups) {
            List<long[]> sequences = Arrays.stream(group).mapToObj(i -> tokenIds[i]).toList();
            results.add(CompletableFuture.supplyAsync(() -> session.embed(PaddedBatch.of(sequences)), runs));
        }
        float[][] vectors = new float[texts.size()][];
        for (int g = 0; g < groups.size(); g++) {
            float[][] groupVectors = await(results.get(g), results);
            int[] group = groups.get(g);
            for (int row = 0; row < group.length; row++) {
                vectors[group[row]] = groupVectors[row];
            }
        }
        return Arrays.asList(vectors);
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
