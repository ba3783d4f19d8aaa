package dev.sluice.processor.engine;

import dev.sluice.processor.chunk.Chunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.text.TextCleaner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes a batch of documents concurrently and returns exactly one {@link IndexResult} per document, in the order
 * of the batch. Each document runs on its own virtual thread, at most
 * {@link IndexingConfig#maxConcurrentDocuments()} at once across all batches of this indexer; each fails alone.
 * No Kafka in here: the topology calls {@link #index} off its stream thread.
 */
public final class BatchIndexer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchIndexer.class);

    private final DocumentPipeline pipeline;
    private final ServiceBreakers breakers;
    private final Semaphore permits;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sluice-index-", 0).factory());

    public BatchIndexer(TextCleaner cleaner, Chunker chunker, Embedder embedder, IndexingConfig config, Clock clock) {
        this(cleaner, chunker, embedder, config, clock, ServiceBreakers.defaults(), Sleeper.THREAD);
    }

    /** With the breakers (and their clock, which retries are timed by) and the retries' waits under control (tests). */
    BatchIndexer(TextCleaner cleaner, Chunker chunker, Embedder embedder, IndexingConfig config, Clock clock,
            ServiceBreakers breakers, Sleeper sleeper) {
        Objects.requireNonNull(cleaner, "cleaner");
        Objects.requireNonNull(chunker, "chunker");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(config, "config");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.pipeline = new DocumentPipeline(cleaner, chunker, embedder, config.retry(), breakers,
                Objects.requireNonNull(clock), Objects.requireNonNull(sleeper));
        this.permits = new Semaphore(config.maxConcurrentDocuments(), true);
    }

    /**
     * Whether new batches should start: no external service is known to be down ({@link ServiceBreakers}). While
     * one is, what waits stays in the partitions' buffers instead of joining the documents waiting in flight.
     */
    public boolean admitting() {
        return breakers.admitting();
    }

    /** The state of each external service's circuit breaker. */
    public ServiceBreakers breakers() {
        return breakers;
    }

    /**
     * Indexes {@code batch} into {@code targets}. Blocks until every document has its result; a search that starts
     * after this returns sees what it wrote.
     *
     * @throws InterruptedException when interrupted (shutdown): no result is returned for the batch, which the
     *                              caller still holds and redoes later (writes are idempotent)
     */
    public List<IndexResult> index(String batchId, List<IndexRequest> batch, IndexTargets targets)
            throws InterruptedException {
        long start = System.nanoTime();
        List<Future<IndexResult>> futures = new ArrayList<>(batch.size());
        try {
            for (IndexRequest request : batch) {
                futures.add(threads.submit(() -> indexOne(request, targets, batchId, start)));
            }
            List<IndexResult> results = new ArrayList<>(batch.size());
            for (Future<IndexResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            // indexOne turns every failure into a result; reaching here is a bug worth a loud failure.
            throw new IllegalStateException("indexing task of batch " + batchId + " failed unexpectedly", e.getCause());
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    private IndexResult indexOne(IndexRequest request, IndexTargets targets, String batchId, long start)
            throws InterruptedException {
        permits.acquire();
        try {
            return pipeline.run(request, targets, batchId, start, System.nanoTime() - start);
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
