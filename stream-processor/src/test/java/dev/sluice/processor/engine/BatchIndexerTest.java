package dev.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.chunk.Chunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.testing.TestComponents;
import dev.sluice.processor.testing.TestComponents.CountingEmbedder;
import dev.sluice.processor.testing.TestComponents.InMemoryIndex;
import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.KeywordIndex;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.processor.text.TextCleaner;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchIndexerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final RetryPolicy FAST_RETRY =
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(30));

    private final CountingEmbedder embedder = new CountingEmbedder();
    private final InMemoryIndex index = new InMemoryIndex();
    private final IndexTargets targets = new IndexTargets(index, index);
    private BatchIndexer indexer;

    @AfterEach
    void close() {
        if (indexer != null) indexer.close();
    }

    private BatchIndexer indexer(TextCleaner cleaner, Chunker chunker, Embedder embedder, int concurrency) {
        indexer = new BatchIndexer(cleaner, chunker, embedder, new IndexingConfig(concurrency, FAST_RETRY), CLOCK);
        return indexer;
    }

    private BatchIndexer indexer() {
        return indexer(TestComponents.PARAGRAPHS, TestComponents.ONE_CHUNK_PER_BLOCK, embedder, 8);
    }

    private static DocumentEvent doc(int i, String markdown) {
        return DocumentEvent.builder("https://docs.example.com/page/" + i).title("Page " + i).markdown(markdown)
                .language("en").build();
    }

    private static List<IndexRequest> docs(int n) {
        List<IndexRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(IndexRequest.upsert(doc(i, "Intro of page " + i + ".\n\nDetails of page " + i + "."), null));
        }
        return batch;
    }

    private static List<OutcomeStatus> statuses(List<IndexResult> results) {
        return results.stream().map(IndexResult::status).toList();
    }

    @Nested
    class HappyPath {
        @Test
        void shouldIndexEveryDocumentAndAnswerInBatchOrder() throws InterruptedException {
            List<IndexRequest> batch = docs(20);
            List<IndexResult> results = indexer().index("p0-1", batch, targets);

            assertThat(results).hasSize(20);
            for (int i = 0; i < 20; i++) {
                IndexOutcome outcome = results.get(i).outcome();
                assertThat(outcome.documentId()).isEqualTo(batch.get(i).documentId());
                assertThat(outcome.status()).isEqualTo(OutcomeStatus.INDEXED);
                assertThat(outcome.chunkCount()).isEqualTo(2);
                assertThat(outcome.attempts()).isEqualTo(1);
                assertThat(outcome.batchId()).isEqualTo("p0-1");
                assertThat(outcome.contentHash()).hasSize(64);
                assertThat(outcome.processedAt()).isEqualTo(CLOCK.instant());
            }
            assertThat(index.documents).hasSize(20);
            // the index makes writes visible at the next search: an outcome never waits for a refresh
            assertThat(index.refreshes).hasValue(0);
        }

        @Test
        void shouldWriteDeterministicChunkIdsWithVectorsAndFields() throws InterruptedException {
            IndexRequest request = docs(1).getFirst();
            IndexResult result = indexer().index("b", List.of(request), targets).getFirst();

            List<IndexedChunk> chunks = index.documents.get(request.documentId());
            assertThat(chunks).extracting(IndexedChunk::chunkId).containsExactly(
                    ChunkIds.of(request.documentId(), 0), ChunkIds.of(request.documentId(), 1));
            assertThat(chunks.getFirst().domain()).isEqualTo("docs.example.com");
            assertThat(chunks.getFirst().title()).isEqualTo("Page 0");
            assertThat(chunks.getFirst().language()).isEqualTo("en");
            assertThat(result.chunks()).allSatisfy(c -> assertThat(c.vector()).hasSize(8));
            assertThat(result.state()).isEqualTo(new DocumentState(result.outcome().contentHash(), 2));
        }

        @Test
        void shouldNotEmbedAnUnchangedDocumentAgain() throws InterruptedException {
            IndexRequest first = docs(1).getFirst();
            IndexResult indexed = indexer().index("b1", List.of(first), targets).getFirst();
            int callsAfterFirst = embedder.calls.get();

            IndexResult again = indexer.index("b2",
                    List.of(IndexRequest.upsert(first.document(), indexed.state())), targets).getFirst();

            assertThat(again.status()).isEqualTo(OutcomeStatus.UNCHANGED);
            assertThat(again.outcome().chunkCount()).isEqualTo(2);
            assertThat(again.state()).isEqualTo(indexed.state());
            assertThat(embedder.calls).hasValue(callsAfterFirst);
        }

        @Test
        void shouldReindexAChangedDocument() throws InterruptedException {
            IndexRequest first = docs(1).getFirst();
            IndexResult indexed = indexer().index("b1", List.of(first), targets).getFirst();
            DocumentEvent shorter = doc(0, "Only one paragraph now.");

            IndexResult again = indexer.index("b2", List.of(IndexRequest.upsert(shorter, indexed.state())), targets)
                    .getFirst();

            assertThat(again.status()).isEqualTo(OutcomeStatus.INDEXED);
            assertThat(again.outcome().chunkCount()).isEqualTo(1);
            assertThat(index.documents.get(first.documentId())).hasSize(1);
        }

        @Test
        void shouldDeleteOnTombstone() throws InterruptedException {
            IndexRequest first = docs(1).getFirst();
            indexer().index("b1", List.of(first), targets);

            IndexResult deleted = indexer.index("b2", List.of(IndexRequest.delete(first.documentId())), targets)
                    .getFirst();

            assertThat(deleted.status()).isEqualTo(OutcomeStatus.DELETED);
            assertThat(deleted.outcome().url()).isNull();
            assertThat(deleted.state()).isNull();
            assertThat(index.documents).doesNotContainKey(first.documentId());
        }

        @Test
        void shouldAnswerAnEmptyBatchWithNothing() throws InterruptedException {
            assertThat(indexer().index("b", List.of(), targets)).isEmpty();
        }
    }

    @Nested
    class Failures {
        @Test
        void shouldFailAnEmptyPagePermanentlyAndAlone() throws InterruptedException {
            List<IndexRequest> batch = new ArrayList<>(docs(3));
            batch.add(1, IndexRequest.upsert(doc(99, "  \n\n  "), null));

            List<IndexResult> results = indexer().index("b", batch, targets);

            assertThat(statuses(results)).containsExactly(OutcomeStatus.INDEXED, OutcomeStatus.FAILED,
                    OutcomeStatus.INDEXED, OutcomeStatus.INDEXED);
            IndexOutcome failed = results.get(1).outcome();
            assertThat(failed.error().code()).isEqualTo(ErrorCodes.EMPTY_CONTENT);
            assertThat(failed.error().stage()).isEqualTo(Stage.CLEANING);
            assertThat(failed.error().retriable()).isFalse();
            assertThat(failed.attempts()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Stage.class, names = {"CLEANING", "CHUNKING", "EMBEDDING", "VECTOR_UPSERT", "BM25"})
        void shouldFailOnlyTheDocumentWhoseStageFailsPermanently(Stage stage) throws InterruptedException {
            List<IndexRequest> batch = docs(5);
            Faults faults = new Faults(stage, batch.get(2), Integer.MAX_VALUE, false);

            List<IndexResult> results = faults.indexer().index("b", batch, faults.targets());

            assertThat(statuses(results)).containsExactly(OutcomeStatus.INDEXED, OutcomeStatus.INDEXED,
                    OutcomeStatus.FAILED, OutcomeStatus.INDEXED, OutcomeStatus.INDEXED);
            IndexOutcome failed = results.get(2).outcome();
            assertThat(failed.error().stage()).isEqualTo(stage);
            assertThat(failed.error().code()).isEqualTo("INJECTED");
            assertThat(failed.attempts()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Stage.class, names = {"EMBEDDING", "VECTOR_UPSERT", "BM25"})
        void shouldRetryTransientFailuresUntilIndexed(Stage stage) throws InterruptedException {
            List<IndexRequest> batch = docs(4);
            Faults faults = new Faults(stage, null, 2, true);

            List<IndexResult> results = faults.indexer().index("b", batch, faults.targets());

            assertThat(statuses(results)).containsOnly(OutcomeStatus.INDEXED);
            // Every call failing at first looks like an outage: the breaker may open and have some wait longer.
            assertThat(results).extracting(r -> r.outcome().attempts()).allMatch(attempts -> attempts >= 3);
            assertThat(index.documents).hasSize(4);
        }

        @Test
        void shouldResumeFromTheFailedStageWithoutEmbeddingAgain() throws InterruptedException {
            Faults faults = new Faults(Stage.VECTOR_UPSERT, null, 2, true);
            faults.indexer().index("b", docs(1), faults.targets());
            assertThat(embedder.calls).hasValue(1);
        }

        @Test
        void shouldGiveUpWhenTheRetryBudgetIsUsed() throws InterruptedException {
            // Only one document fails: the service works for the others, so the failures are the document's
            // (an outage, where every call fails, is OutageRetryTest's).
            List<IndexRequest> batch = docs(5);
            Faults faults = new Faults(Stage.EMBEDDING, batch.get(2), Integer.MAX_VALUE, true);

            IndexOutcome outcome = faults.indexer().index("b", batch, faults.targets()).get(2).outcome();

            assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
            assertThat(outcome.attempts()).isEqualTo(FAST_RETRY.maxAttempts());
            assertThat(outcome.error().retriable()).isTrue();
        }

        @Test
        void shouldTurnAnUnexpectedCleanerExceptionIntoAPermanentFailure() throws InterruptedException {
            TextCleaner broken = doc -> {
                throw new IllegalStateException("parser bug");
            };
            IndexOutcome outcome = indexer(broken, TestComponents.ONE_CHUNK_PER_BLOCK, embedder, 2)
                    .index("b", docs(1), targets).getFirst().outcome();

            assertThat(outcome.error().code()).isEqualTo(ErrorCodes.CLEANING_FAILED);
            assertThat(outcome.error().message()).isEqualTo("IllegalStateException: parser bug");
            assertThat(outcome.error().retriable()).isFalse();
        }

        @Test
        void shouldTurnAnUnexpectedEmbedderExceptionIntoARetriableFailure() throws InterruptedException {
            AtomicInteger calls = new AtomicInteger();
            Embedder flaky = new CountingEmbedder() {
                @Override
                public List<float[]> embed(List<String> input) {
                    if (calls.incrementAndGet() == 1) throw new IllegalStateException("connection reset");
                    return super.embed(input);
                }
            };
            IndexOutcome outcome = indexer(TestComponents.PARAGRAPHS, TestComponents.ONE_CHUNK_PER_BLOCK, flaky, 2)
                    .index("b", docs(1), targets).getFirst().outcome();
            assertThat(outcome.status()).isEqualTo(OutcomeStatus.INDEXED);
            assertThat(outcome.attempts()).isEqualTo(2);
        }
    }

    @Nested
    class Concurrency {
        @Test
        void shouldIndexTheDocumentsOfABatchAtTheSameTime() throws InterruptedException {
            int n = 6;
            CountDownLatch allInside = new CountDownLatch(n);
            Embedder rendezvous = new CountingEmbedder() {
                @Override
                public List<float[]> embed(List<String> input) {
                    allInside.countDown();
                    try {
                        // Every document must be inside the embedder at once for any of them to go on.
                        if (!allInside.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("not concurrent");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return super.embed(input);
                }
            };
            List<IndexResult> results = indexer(TestComponents.PARAGRAPHS, TestComponents.ONE_CHUNK_PER_BLOCK,
                    rendezvous, n).index("b", docs(n), targets);
            assertThat(statuses(results)).containsOnly(OutcomeStatus.INDEXED);
            assertThat(results).extracting(r -> r.outcome().attempts()).containsOnly(1);
        }

        @Test
        void shouldNeverRunMoreDocumentsThanConfigured() throws InterruptedException {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            Embedder tracking = new CountingEmbedder() {
                @Override
                public List<float[]> embed(List<String> input) {
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        // Hold the document until the limit is reached (or briefly, for the tail of the batch),
                        // so that a fourth document would be inside at the same time if the bound leaked.
                        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                        while (inside.get() < 3 && System.nanoTime() < deadline) {
                            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                        }
                        return super.embed(input);
                    } finally {
                        inside.decrementAndGet();
                    }
                }
            };
            indexer(TestComponents.PARAGRAPHS, TestComponents.ONE_CHUNK_PER_BLOCK, tracking, 3)
                    .index("b", docs(30), targets);
            assertThat(maxInside).hasValue(3);
        }
    }

    /**
     * Injects failures into one stage: for one victim document (or for every document when the victim is null),
     * the first {@code times} calls of that stage for each document fail.
     */
    private final class Faults {
        private final Stage stage;
        private final IndexRequest victim;
        private final int times;
        private final boolean retriable;
        private final java.util.Map<String, AtomicInteger> remaining = new java.util.concurrent.ConcurrentHashMap<>();

        Faults(Stage stage, IndexRequest victim, int times, boolean retriable) {
            this.stage = stage;
            this.victim = victim;
            this.times = times;
            this.retriable = retriable;
        }

        /** The victim's content holds its own "page N." marker; chunker and embedder only see content. */
        private boolean isVictimContent(String text) {
            return victim == null || text.contains(victim.document().title().toLowerCase() + ".");
        }

        private void maybeFail(Stage at, String key, boolean isVictim) {
            if (at == stage && isVictim
                    && remaining.computeIfAbsent(key, k -> new AtomicInteger(times)).getAndDecrement() > 0) {
                throw new IndexingException("INJECTED", at, retriable, "injected failure");
            }
        }

        private boolean isVictimId(String documentId) {
            return victim == null || victim.documentId().equals(documentId);
        }

        BatchIndexer indexer() {
            TextCleaner cleaner = doc -> {
                maybeFail(Stage.CLEANING, doc.documentId(), isVictimId(doc.documentId()));
                return TestComponents.PARAGRAPHS.clean(doc);
            };
            Chunker chunker = doc -> {
                maybeFail(Stage.CHUNKING, doc.text(), isVictimContent(doc.text()));
                return TestComponents.ONE_CHUNK_PER_BLOCK.chunk(doc);
            };
            Embedder failingEmbedder = new CountingEmbedder() {
                @Override
                public List<float[]> embed(List<String> input) {
                    String all = String.join("\n", input);
                    maybeFail(Stage.EMBEDDING, all, isVictimContent(all));
                    return embedder.embed(input);
                }
            };
            return BatchIndexerTest.this.indexer(cleaner, chunker, failingEmbedder, 8);
        }

        IndexTargets targets() {
            VectorStore vectors = new InMemoryIndex() {
                @Override
                public void upsert(String documentId, List<IndexedChunk> chunks) {
                    maybeFail(Stage.VECTOR_UPSERT, documentId, isVictimId(documentId));
                    index.upsert(documentId, chunks);
                }
            };
            KeywordIndex keywords = new InMemoryIndex() {
                @Override
                public void upsert(String documentId, List<IndexedChunk> chunks) {
                    maybeFail(Stage.BM25, documentId, isVictimId(documentId));
                    index.upsert(documentId, chunks);
                }
            };
            return new IndexTargets(vectors, keywords);
        }
    }
}
