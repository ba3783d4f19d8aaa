package dev.sluice.processor.engine;

import dev.sluice.processor.chunk.Chunk;
import dev.sluice.processor.chunk.Chunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.text.CleanedDocument;
import dev.sluice.processor.text.TextCleaner;
import dev.sluice.schemas.CanonicalUrl;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one document through clean → chunk → embed → vector upsert → BM25, retrying retriable failures from the
 * stage that failed (what earlier stages produced is kept), and turns whatever happens into exactly one
 * {@link IndexResult}. Never throws for a document's failure.
 */
final class DocumentPipeline {
    private static final Logger log = LoggerFactory.getLogger(DocumentPipeline.class);
    /** What a probe of the embedding service embeds. */
    static final String PROBE_TEXT = "health probe";

    private final TextCleaner cleaner;
    private final Chunker chunker;
    private final Embedder embedder;
    private final RetryPolicy retry;
    private final ServiceBreakers breakers;
    private final Clock clock;
    private final Sleeper sleeper;

    /** Retries are timed by {@code breakers}' clock, the one their calls are recorded in. */
    DocumentPipeline(TextCleaner cleaner, Chunker chunker, Embedder embedder, RetryPolicy retry,
            ServiceBreakers breakers, Clock clock, Sleeper sleeper) {
        this.cleaner = cleaner;
        this.chunker = chunker;
        this.embedder = embedder;
        this.retry = retry;
        this.breakers = breakers;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** @param queuedNanos how long the document waited for an indexing slot since {@code batchStartNanos} */
    IndexResult run(IndexRequest request, IndexTargets targets, String batchId, long batchStartNanos,
            long queuedNanos) {
        Attempt attempt = new Attempt(request, targets, new StageTimer(batchStartNanos, queuedNanos));
        long deadline = breakers.nanoTime() + retry.timeout().toNanos();
        long outageWaited = 0;
        int attempts = 0;
        int charged = 0;
        int waits = 0;
        while (true) {
            attempts++;
            long attemptStart = breakers.nanoTime();
            try {
                return attempt.finish(batchId, attempts);
            } catch (IndexingException e) {
                if (!e.retriable()) {
                    return attempt.failed(batchId, attempts, e);
                }
                Duration wait;
                if (!e.isBackpressure() && breakers.worksForOthers(e.stage(), attempt.lastCallStartNanos,
                        () -> attempt.probe(e.stage()))) {
                    // The service works for others: this failure is the document's.
                    charged++;
                    wait = retry.backoff(charged);
                    if (charged >= retry.maxAttempts() || breakers.nanoTime() + wait.toNanos() >= deadline) {
                        return attempt.failed(batchId, attempts, e);
                    }
                } else {
                    // Down for everyone, or throttling: the document waits without using up its budget.
                    waits++;
                    wait = retry.backoff(waits);
                    long spent = breakers.nanoTime() - attemptStart + wait.toNanos();
                    if (outageWaited + spent > retry.outageTimeout().toNanos()) {
                        return attempt.failed(batchId, attempts, new IndexingException(e.code(), e.stage(), true,
                                "still failing after waiting sluice.indexing.outage-timeout ("
                                        + retry.outageTimeout() + ") for the service: " + e.getMessage(), e));
                    }
                    outageWaited += spent;
                    deadline += spent;
                }
                log.debug("Retrying document {} after {} at {} (attempt {}, {} of {} charged, waiting {} ms)",
                        request.documentId(), e.code(), e.stage().wireName(), attempts, charged, retry.maxAttempts(),
                        wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return attempt.failed(batchId, attempts, IndexingException.retriable(ErrorCodes.INTERNAL,
                            e.stage(), "interrupted while waiting to retry (shutting down)", e));
                }
            }
        }
    }

    /** One document's progress; each stage runs only if its output is still missing. */
    private final class Attempt {
        private final IndexRequest request;
        private final IndexTargets targets;
        private final StageTimer timer;
        private CleanedDocument cleaned;
        private String contentHash;
        private List<Chunk> chunks;
        private List<float[]> vectors;
        private List<IndexedChunk> indexed;
        private boolean vectorsWritten;
        private boolean deletedVectors;
        /** When the last call of an external service started (a local stage's failure is always the document's). */
        private long lastCallStartNanos = Long.MAX_VALUE;

        Attempt(IndexRequest request, IndexTargets targets, StageTimer timer) {
            this.request = request;
            this.targets = targets;
            this.timer = timer;
        }

        IndexResult finish(String batchId, int attempts) {
            if (request.isDelete()) {
                return delete(batchId, attempts);
            }
            DocumentEvent doc = request.document();
            if (cleaned == null) {
                cleaned = stage(Stage.CLEANING, ErrorCodes.CLEANING_FAILED, () -> cleaner.clean(doc));
                if (cleaned.isEmpty()) {
                    throw IndexingException.permanent(ErrorCodes.EMPTY_CONTENT, Stage.CLEANING,
                            "no text left after cleaning");
                }
                contentHash = cleaned.contentHash();
            }
            DocumentState previous = request.previous();
            if (previous != null && previous.contentHash().equals(contentHash)) {
                return result(OutcomeStatus.UNCHANGED, batchId, attempts, previous.chunkCount(), null, List.of(),
                        previous);
            }
            if (chunks == null) {
                chunks = stage(Stage.CHUNKING, ErrorCodes.CHUNKING_FAILED, () -> chunker.chunk(cleaned));
                if (chunks.isEmpty()) {
                    throw IndexingException.permanent(ErrorCodes.EMPTY_CONTENT, Stage.CHUNKING,
                            "chunking produced no chunks");
                }
            }
            if (vectors == null) {
                List<String> texts = chunks.stream().map(Chunk::text).toList();
                vectors = guarded(Stage.EMBEDDING, ErrorCodes.EMBEDDING_UNAVAILABLE, () -> embedder.embed(texts));
                if (vectors.size() != chunks.size()) {
                    throw IndexingException.permanent(ErrorCodes.EMBEDDING_REJECTED, Stage.EMBEDDING,
                            "embedder returned " + vectors.size() + " vectors for " + chunks.size() + " chunks");
                }
                indexed = indexedChunks(doc);
            }
            if (!vectorsWritten) {
                guarded(Stage.VECTOR_UPSERT, ErrorCodes.VECTOR_STORE_UNAVAILABLE, () -> {
                    targets.vectors().upsert(doc.documentId(), indexed);
                    return null;
                });
                vectorsWritten = true;
            }
            List<IndexedChunk> withoutVectors = indexed.stream().map(IndexedChunk::withoutVector).toList();
            stage(Stage.BM25, ErrorCodes.KEYWORD_INDEX_FAILED, () -> {
                targets.keywords().upsert(doc.documentId(), withoutVectors);
                return null;
            });
            return result(OutcomeStatus.INDEXED, batchId, attempts, indexed.size(), null, indexed,
                    new DocumentState(contentHash, indexed.size()));
        }

        private IndexResult delete(String batchId, int attempts) {
            if (!deletedVectors) {
                guarded(Stage.VECTOR_UPSERT, ErrorCodes.VECTOR_STORE_UNAVAILABLE, () -> {
                    targets.vectors().delete(request.documentId());
                    return null;
                });
                deletedVectors = true;
            }
            stage(Stage.BM25, ErrorCodes.KEYWORD_INDEX_FAILED, () -> {
                targets.keywords().delete(request.documentId());
                return null;
            });
            return result(OutcomeStatus.DELETED, batchId, attempts, 0, null, List.of(), null);
        }

        IndexResult failed(String batchId, int attempts, IndexingException e) {
            return result(OutcomeStatus.FAILED, batchId, attempts, 0, e, List.of(), request.previous());
        }

        private IndexResult result(OutcomeStatus status, String batchId, int attempts, int chunkCount,
                IndexingException error, List<IndexedChunk> chunks, DocumentState state) {
            DocumentEvent doc = request.document();
            IndexOutcome outcome = new IndexOutcome(IndexOutcome.CURRENT_SCHEMA_VERSION, request.documentId(),
                    doc == null ? null : doc.url(), status, chunkCount, contentHash, batchId, attempts,
                    timer.timings(), error == null ? null : error.toError(),
                    doc == null ? null : doc.source().jobId(), clock.instant());
            return new IndexResult(outcome, chunks, state);
        }

        private List<IndexedChunk> indexedChunks(DocumentEvent doc) {
            String domain = domain(doc);
            List<IndexedChunk> out = new ArrayList<>(chunks.size());
            for (int i = 0; i < chunks.size(); i++) {
                Chunk c = chunks.get(i);
                out.add(new IndexedChunk(ChunkIds.of(doc.documentId(), c.index()), doc.documentId(), c.index(),
                        doc.url(), domain, doc.title(), c.headingPath(), doc.language(), c.text(), vectors.get(i)));
            }
            return out;
        }

        /** A cheap call of the service {@code stage} calls, without this document. */
        void probe(Stage stage) {
            if (stage == Stage.EMBEDDING) {
                embedder.embedQuery(PROBE_TEXT);
            } else if (stage == Stage.VECTOR_UPSERT) {
                targets.vectors().probe();
            }
        }

        /**
         * Runs a stage that calls an external service through the service's breaker: refused at once, as
         * backpressure, while the breaker is open; its result recorded otherwise.
         */
        private <T> T guarded(Stage stage, String code, Supplier<T> work) {
            ServiceBreakers.Service service = breakers.of(stage);
            long start = breakers.nanoTime();
            lastCallStartNanos = start;
            if (!service.breaker().tryAcquirePermission()) {
                throw IndexingException.backpressure(code, stage, "the " + service.name()
                        + " service failed for most recent calls (circuit open); waiting for it", null);
            }
            try {
                T result = stage(stage, code, work);
                breakers.record(service, start, null);
                return result;
            } catch (IndexingException e) {
                breakers.record(service, start, e);
                throw e;
            } catch (Error e) {
                service.breaker().releasePermission();
                throw e;
            }
        }

        /**
         * Runs one stage and times it. An {@link IndexingException} passes through. Any other exception is an
         * unforeseen failure of a component: it becomes {@code code} at that stage — retriable where the stage
         * writes to a service or an index (the next attempt may well succeed), permanent for cleaning and chunking
         * (the same input would fail the same way).
         */
        private <T> T stage(Stage stage, String code, Supplier<T> work) {
            long start = System.nanoTime();
            try {
                return work.get();
            } catch (IndexingException e) {
                throw e;
            } catch (RuntimeException e) {
                boolean retriable = stage != Stage.CLEANING && stage != Stage.CHUNKING;
                String message = e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + abbreviate(e.getMessage()));
                throw new IndexingException(code, stage, retriable, message, e);
            } finally {
                timer.add(stage, System.nanoTime() - start);
            }
        }
    }

    static String domain(DocumentEvent doc) {
        String url = doc.canonicalUrl() != null ? doc.canonicalUrl() : CanonicalUrl.tryNormalize(doc.url()).orElse("");
        int start = url.indexOf("://");
        if (start < 0) {
            return "";
        }
        int end = url.indexOf('/', start + 3);
        String host = end < 0 ? url.substring(start + 3) : url.substring(start + 3, end);
        int colon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
        return (colon > 0 ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
