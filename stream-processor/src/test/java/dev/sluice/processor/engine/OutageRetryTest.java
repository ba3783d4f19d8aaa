package dev.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.testing.TestComponents;
import dev.sluice.processor.testing.TestComponents.CountingEmbedder;
import dev.sluice.processor.testing.TestComponents.InMemoryIndex;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An outage or throttling alone never fails a document; a document that fails while the service works for others
 * still uses up its attempts. Time is a test clock: a ten-minute outage takes milliseconds.
 */
class OutageRetryTest {
    private static final Clock OUTCOME_CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration OUTAGE = Duration.ofMinutes(10);
    private static final int DOCUMENTS = 8;

    private final TestTime time = new TestTime();
    private final ServiceBreakers breakers =
            new ServiceBreakers(Duration.ofSeconds(1), Duration.ofSeconds(30), time.clock(), time::nanoTime);
    private final InMemoryIndex index = new InMemoryIndex();
    private BatchIndexer indexer;

    @AfterEach
    void close() {
        if (indexer != null) indexer.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"EMBEDDING", "VECTOR_UPSERT"})
    void shouldIndexEveryDocumentAfterATenMinuteOutageAtDefaultSettings(Stage stage) throws InterruptedException {
        Service service = new Service(stage, () -> time.elapsed().compareTo(OUTAGE) < 0);

        service.awaitAllBeforeFirstAnswer(DOCUMENTS);
        List<IndexResult> results = indexer(service, RetryPolicy.DEFAULT)
                .index("b", docs(DOCUMENTS), service.targets());

        assertThat(results).extracting(IndexResult::status).containsOnly(OutcomeStatus.INDEXED);
        assertThat(time.elapsed()).isGreaterThanOrEqualTo(OUTAGE);
        assertThat(results).extracting(r -> r.outcome().attempts())
                .as("documents went on trying far beyond the 5 attempts an outage would otherwise use up")
                .allMatch(attempts -> attempts > RetryPolicy.DEFAULT.maxAttempts());
        assertThat(service.refusedCalls()).as("the service was called during the outage").isPositive();
        assertThat(index.documents).hasSize(DOCUMENTS);
    }

    @Test
    void shouldNotChargeTheDocumentsInFlightWhenAServiceThatWorkedGoesDown() throws InterruptedException {
        // Many successes just before the outage: a failure rate over a time window would stay low for seconds
        // while the documents in flight used up their attempts.
        AtomicInteger calls = new AtomicInteger();
        AtomicLong downSince = new AtomicLong(-1);
        Service service = new Service(Stage.VECTOR_UPSERT, () -> {
            if (calls.incrementAndGet() <= 40) {
                return false;
            }
            downSince.compareAndSet(-1, time.nanoTime());
            return time.nanoTime() - downSince.get() < OUTAGE.toNanos();
        });

        List<IndexResult> results = indexer(service, RetryPolicy.DEFAULT).index("b", docs(60), service.targets());

        assertThat(results).extracting(IndexResult::status).containsOnly(OutcomeStatus.INDEXED);
        assertThat(service.refusedCalls()).isPositive();
        assertThat(index.documents).hasSize(60);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Stage.class, names = {"EMBEDDING", "VECTOR_UPSERT"})
    void shouldStillFailADocumentThatFailsWhileTheServiceWorks(Stage stage) throws InterruptedException {
        List<IndexRequest> batch = docs(30);
        String victim = batch.get(7).documentId();
        String victimText = "Details of page 7.";
        Service service = new Service(stage, () -> false) {
            @Override
            boolean failsFor(String documentIdOrText) {
                return documentIdOrText.equals(victim) || documentIdOrText.contains(victimText);
            }
        };

        List<IndexResult> results = indexer(service, RetryPolicy.DEFAULT).index("b", batch, service.targets());

        IndexOutcome failed = results.get(7).outcome();
        assertThat(failed.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(failed.attempts()).as("every failure charged: others succeeded, or a probe did")
                .isEqualTo(RetryPolicy.DEFAULT.maxAttempts());
        assertThat(results).filteredOn(r -> r.status() == OutcomeStatus.INDEXED).hasSize(29);
        assertThat(breakers.states()).containsValue(CircuitBreaker.State.CLOSED).doesNotContainValue(
                CircuitBreaker.State.OPEN);
    }

    @Test
    void shouldFailALoneDocumentThatFailsWhileAProbeOfTheServiceSucceeds() throws InterruptedException {
        IndexRequest lone = docs(1).getFirst();
        Service service = new Service(Stage.VECTOR_UPSERT, () -> false) {
            @Override
            boolean failsFor(String documentIdOrText) {
                return lone.documentId().equals(documentIdOrText);
            }
        };

        IndexOutcome failed = indexer(service, RetryPolicy.DEFAULT).index("b", List.of(lone), service.targets())
                .getFirst().outcome();

        assertThat(failed.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(RetryPolicy.DEFAULT.maxAttempts());
        assertThat(service.probes()).as("nothing else succeeded: the service was asked").isPositive();
    }

    @Test
    void shouldFailOnceTheOutageOutlastsTheOutageTimeout() throws InterruptedException {
        Service service = new Service(Stage.EMBEDDING, () -> true);
        RetryPolicy patience = RetryPolicy.DEFAULT.withOutageTimeout(Duration.ofMinutes(2));

        List<IndexResult> results = indexer(service, patience).index("b", docs(12), service.targets());

        assertThat(results).extracting(IndexResult::status).containsOnly(OutcomeStatus.FAILED);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.outcome().error().code()).isEqualTo(ErrorCodes.EMBEDDING_UNAVAILABLE);
            assertThat(r.outcome().error().retriable()).isTrue();
            assertThat(r.outcome().error().message()).contains("sluice.indexing.outage-timeout (PT2M)");
        });
        assertThat(time.elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void shouldNotChargeThrottlingToTheDocument() throws InterruptedException {
        AtomicInteger throttled = new AtomicInteger();
        Embedder throttling = new CountingEmbedder() {
            @Override
            public List<float[]> embed(List<String> input) {
                if (throttled.incrementAndGet() <= 12) {
                    throw IndexingException.backpressure(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING,
                            "HTTP 429", null);
                }
                return super.embed(input);
            }
        };
        indexer = new BatchIndexer(TestComponents.PARAGRAPHS, TestComponents.ONE_CHUNK_PER_BLOCK, throttling,
                new IndexingConfig(1, RetryPolicy.DEFAULT), OUTCOME_CLOCK, breakers, time);

        IndexOutcome outcome = indexer.index("b", docs(1), new IndexTargets(index, index)).getFirst().outcome();

        assertThat(outcome.status()).isEqualTo(OutcomeStatus.INDEXED);
        assertThat(outcome.attempts()).isGreaterThan(RetryPolicy.DEFAULT.maxAttempts());
        assertThat(throttled).hasValue(13);
    }

    @Test
    void shouldStopAdmittingWhileAServiceIsDownAndProbeAfterTheWait() {
        ServiceBreakers.Service embedding = breakers.of(Stage.EMBEDDING);
        IndexingException down = IndexingException.retriable(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING,
                "connection refused", null);
        for (int i = 0; i < ServiceBreakers.MINIMUM_CALLS; i++) {
            assertThat(embedding.breaker().tryAcquirePermission()).isTrue();
            breakers.record(embedding, time.nanoTime(), down);
        }
        assertThat(breakers.admitting()).isFalse();
        assertThat(breakers.worksForOthers(Stage.EMBEDDING, 0, () -> { })).isFalse();

        time.advance(Duration.ofMillis(1001));

        assertThat(breakers.admitting()).as("the first open wait is over: probe").isTrue();
        assertThat(breakers.states()).containsEntry("embedding", CircuitBreaker.State.HALF_OPEN);
        assertThat(breakers.states()).containsEntry("vector-store", CircuitBreaker.State.CLOSED);
    }

    private BatchIndexer indexer(Service service, RetryPolicy retry) {
        indexer = new BatchIndexer(TestComponents.PARAGRAPHS, TestComponents.ONE_CHUNK_PER_BLOCK, service.embedder(),
                IndexingConfig.DEFAULT.withRetry(retry), OUTCOME_CLOCK, breakers, time);
        return indexer;
    }

    private static List<IndexRequest> docs(int n) {
        List<IndexRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(IndexRequest.upsert(DocumentEvent.builder("https://docs.example.com/outage/" + i)
                    .title("Page " + i).markdown("Intro of page " + i + ".\n\nDetails of page " + i + ".")
                    .build(), null));
        }
        return batch;
    }

    /** The embedding service or the vector store, refusing calls (retriably) while {@code down} says so. */
    private class Service {
        private final Stage stage;
        private final BooleanSupplier down;
        private final AtomicInteger refused = new AtomicInteger();
        private final AtomicInteger probes = new AtomicInteger();
        private final java.util.Set<String> callers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private CountDownLatch allCalled = new CountDownLatch(0);

        Service(Stage stage, BooleanSupplier down) {
            this.stage = stage;
            this.down = down;
        }

        /**
         * The first call of each of {@code documents} documents waits until all have called: every document meets
         * the outage, instead of one running through it in test time before the others start.
         */
        void awaitAllBeforeFirstAnswer(int documents) {
            allCalled = new CountDownLatch(documents);
        }

        /** Whether a call for this document (its id, or for embedding its texts) fails. */
        boolean failsFor(String documentIdOrText) {
            return down.getAsBoolean();
        }

        int probes() {
            return probes.get();
        }

        private void probe(Stage at, String code) {
            probes.incrementAndGet();
            if (at == stage && down.getAsBoolean()) {
                throw IndexingException.retriable(code, at, "connection refused", null);
            }
        }

        int refusedCalls() {
            return refused.get();
        }

        private void call(Stage at, String caller, String documentId, String code) {
            if (at == stage && callers.add(caller)) {
                allCalled.countDown();
                try {
                    assertThat(allCalled.await(10, TimeUnit.SECONDS)).as("every document called").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (at == stage && failsFor(documentId == null ? caller : documentId)) {
                refused.incrementAndGet();
                throw IndexingException.retriable(code, at, "connection refused", null);
            }
        }

        Embedder embedder() {
            return new CountingEmbedder() {
                @Override
                public List<float[]> embed(List<String> input) {
                    call(Stage.EMBEDDING, String.join("\n", input), null, ErrorCodes.EMBEDDING_UNAVAILABLE);
                    return super.embed(input);
                }

                @Override
                public float[] embedQuery(String text) {
                    probe(Stage.EMBEDDING, ErrorCodes.EMBEDDING_UNAVAILABLE);
                    return super.embed(List.of(text)).getFirst();
                }
            };
        }

        IndexTargets targets() {
            InMemoryIndex vectors = new InMemoryIndex() {
                @Override
                public void upsert(String documentId, List<IndexedChunk> chunks) {
                    call(Stage.VECTOR_UPSERT, documentId, documentId, ErrorCodes.VECTOR_STORE_UNAVAILABLE);
                    index.upsert(documentId, chunks);
                }

                @Override
                public void probe() {
                    Service.this.probe(Stage.VECTOR_UPSERT, ErrorCodes.VECTOR_STORE_UNAVAILABLE);
                }
            };
            return new IndexTargets(vectors, new InMemoryIndex());
        }
    }

    /**
     * Time that passes only when a retry waits (or the test advances it); the breakers, and so the retries, read it. A
     * wait also parks the thread for a real millisecond, so that the documents waiting at once take turns.
     */
    private static final class TestTime implements Sleeper {
        private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");
        private final AtomicLong nanos = new AtomicLong();

        long nanoTime() {
            return nanos.get();
        }

        @Override
        public void sleep(Duration wait) {
            nanos.addAndGet(wait.toNanos());
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        Duration elapsed() {
            return Duration.ofNanos(nanos.get());
        }

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return START.plusNanos(nanos.get());
                }
            };
        }
    }
}
