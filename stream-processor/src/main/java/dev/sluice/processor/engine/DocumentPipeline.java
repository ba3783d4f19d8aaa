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

    private final TextCleaner cleaner;
    private final Chunker chunker;
    private final Embedder embedder;
    private final RetryPolicy retry;
    private final Clock clock;

    DocumentPipeline(TextCleaner cleaner, Chunker chunker, Embedder embedder, RetryPolicy retry, Clock clock) {
        this.cleaner = cleaner;
        this.chunker = chunker;
        this.embedder = embedder;
        this.retry = retry;
        this.clock = clock;
    }

    IndexResult run(IndexRequest request, IndexTargets targets, String batchId, long batchStartNanos) {
        Attempt attempt = new Attempt(request, targets, new StageTimer(batchStartNanos));
        long deadline = System.nanoTime() + retry.timeout().toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return attempt.finish(batchId, attempts);
            } catch (IndexingException e) {
                Duration wait = retry.backoff(attempts);
                boolean budgetLeft = attempts < retry.maxAttempts()
                        && System.nanoTime() + wait.toNanos() < deadline;
                if (!e.retriable() || !budgetLeft) {
                    return attempt.failed(batchId, attempts, e);
                }
                log.debug("Retrying document {} after {} at {} (attempt {} of {}, waiting {} ms)",
                        request.documentId(), e.code(), e.stage().wireName(), attempts, retry.maxAttempts(),
                        wait.toMillis());
                if (!sleep(wait)) {
                    return attempt.failed(batchId, attempts, IndexingException.retriable(ErrorCodes.INTERNAL,
                            e.stage(), "interrupted while waiting to retry (shutting down)", e));
                }
            }
        }
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
                vectors = stage(Stage.EMBEDDING, ErrorCodes.EMBEDDING_UNAVAILABLE, () -> embedder.embed(texts));
                if (vectors.size() != chunks.size()) {
                    throw IndexingException.permanent(ErrorCodes.EMBEDDING_REJECTED, Stage.EMBEDDING,
                            "embedder returned " + vectors.size() + " vectors for " + chunks.size() + " chunks");
                }
                indexed = indexedChunks(doc);
            }
            if (!vectorsWritten) {
                stage(Stage.VECTOR_UPSERT, ErrorCodes.VECTOR_STORE_UNAVAILABLE, () -> {
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
                stage(Stage.VECTOR_UPSERT, ErrorCodes.VECTOR_STORE_UNAVAILABLE, () -> {
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
