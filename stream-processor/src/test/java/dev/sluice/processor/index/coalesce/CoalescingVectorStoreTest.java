package dev.sluice.processor.index.coalesce;

import static dev.sluice.processor.embed.tei.Eventually.await;
import static dev.sluice.processor.index.coalesce.HeldVectorStore.chunks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.schemas.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class CoalescingVectorStoreTest {
    private final HeldVectorStore delegate = new HeldVectorStore();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private CoalescingVectorStore store;

    @AfterEach
    void tearDown() {
        delegate.letGo();
        if (store != null) {
            store.close();
        }
        callers.shutdownNow();
    }

    @Nested
    class Packing {

        @Test
        void shouldWriteTheDocumentsOfCallersThatWaitedInOneCall() throws Exception {
            start(UpsertCoalescingConfig.defaults().withMaxInFlight(1));
            delegate.hold();
            Future<?> first = upsert("d0", 3);
            await("d0 is in flight", () -> delegate.calls().size() == 1);
            List<Future<?>> waiting = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                waiting.add(upsert("d" + i, 3));
            }
            await("10 documents wait", () -> store.waitingDocuments() == 10);

            delegate.letGo();

            first.get();
            for (Future<?> result : waiting) {
                result.get();
            }
            assertThat(delegate.calls()).hasSize(2);
            assertThat(delegate.calls().getFirst()).containsExactly("d0");
            // submitted at once: their order in the queue is not fixed
            assertThat(delegate.calls().get(1)).containsExactlyInAnyOrderElementsOf(ids(1, 10));
        }

        @Test
        void shouldKeepCallsWithinThePointLimitAndWriteALargerDocumentAlone() throws Exception {
            start(UpsertCoalescingConfig.defaults().withMaxInFlight(1).withMaxPoints(10));
            delegate.hold();
            Future<?> busy = upsert("busy", 1);
            await("a call is in flight", () -> delegate.calls().size() == 1);
            List<Future<?>> results = new ArrayList<>();
            int[] sizes = {4, 4, 4, 25, 3, 0, 6};
            for (int i = 0; i < sizes.length; i++) {
                results.add(upsert("d" + i, sizes[i]));
                int expected = i + 1;
                await("d" + i + " waits", () -> store.waitingDocuments() == expected); // keeps the arrival order
            }

            delegate.letGo();

            busy.get();
            for (Future<?> result : results) {
                result.get();
            }
            // 4+4 points; 4 (the 25 would not fit); 25 alone; 3 + 1 (an empty document counts one) + 6
            assertThat(delegate.calls()).containsExactly(List.of("busy"), List.of("d0", "d1"), List.of("d2"),
                    List.of("d3"), List.of("d4", "d5", "d6"));
        }

        @Test
        void shouldNeverHaveMoreCallsInFlightThanAllowed() throws Exception {
            start(UpsertCoalescingConfig.defaults().withMaxInFlight(3).withMaxPoints(4));
            delegate.hold();
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(upsert("d" + i, 4));
            }
            await("three calls are in flight", () -> delegate.inFlight() == 3);
            await("the other documents wait", () -> store.waitingDocuments() == 9);

            delegate.letGo();

            for (Future<?> result : results) {
                result.get();
            }
            assertThat(delegate.maxInFlight()).isEqualTo(3);
            assertThat(delegate.calls()).hasSize(12).allSatisfy(call -> assertThat(call).hasSize(1));
        }

        @Test
        void shouldNotWriteTwoVersionsOfADocumentInOneCall() throws Exception {
            start(UpsertCoalescingConfig.defaults().withMaxInFlight(1));
            delegate.hold();
            Future<?> busy = upsert("busy", 1);
            await("a call is in flight", () -> delegate.calls().size() == 1);
            Future<?> a = upsert("page", 3);
            await("the first version waits", () -> store.waitingDocuments() == 1);
            Future<?> other = upsert("other", 2);
            await("another document waits", () -> store.waitingDocuments() == 2);
            Future<?> b = upsert("page", 1);
            await("the second version waits", () -> store.waitingDocuments() == 3);

            delegate.letGo();

            for (Future<?> result : List.of(busy, a, other, b)) {
                result.get();
            }
            assertThat(delegate.calls()).containsExactly(List.of("busy"), List.of("page", "other"), List.of("page"));
        }

        @Test
        void shouldLingerForMoreDocumentsWhenConfiguredTo() throws Exception {
            start(UpsertCoalescingConfig.defaults().withMaxInFlight(1).withMaxPoints(2)
                    .withLinger(Duration.ofSeconds(1)));
            delegate.hold();
            Future<?> busy = upsert("busy", 1);
            await("a call is in flight", () -> delegate.calls().size() == 1);
            Future<?> first = upsert("first", 1);
            await("the first document waits", () -> store.waitingDocuments() == 1);
            delegate.letGo();
            await("the first document is taken into a lingering call", () -> store.waitingDocuments() == 0);

            Future<?> second = upsert("second", 1);

            for (Future<?> result : List.of(busy, first, second)) {
                result.get();
            }
            assertThat(delegate.calls()).containsExactly(List.of("busy"), List.of("first", "second"));
        }

        @Test
        void shouldWriteTheDocumentsOfOneUpsertAllTogether() {
            start(UpsertCoalescingConfig.defaults());

            store.upsertAll(List.of(HeldVectorStore.document("a", 2), HeldVectorStore.document("b", 1)));

            assertThat(delegate.calls()).containsExactly(List.of("a", "b"));
        }
    }

    @Nested
    class Failures {

        @Test
        void shouldFailEveryCallerOfACallThatFailedRetriablyAndNoOther() throws Exception {
            IndexingException unavailable = IndexingException.retriable(ErrorCodes.VECTOR_STORE_UNAVAILABLE,
                    Stage.VECTOR_UPSERT, "Qdrant unavailable", null);
            delegate.failWhen(ids -> ids.contains("d3") ? unavailable : null);
            List<Future<?>> results = queueCallersBehindAHeldCall(7, 2, 5);

            delegate.letGo();

            // the call after d0 carried d1 to d5 (10 points), the next one d6
            for (int i = 1; i <= 5; i++) {
                assertThat(failureOf(results.get(i))).isSameAs(unavailable);
            }
            results.get(0).get();
            results.get(6).get();
            assertThat(delegate.calls()).containsExactly(List.of("d0"), ids(1, 5), List.of("d6"));
        }

        @Test
        void shouldWriteTheDocumentsOfARefusedCallAgainAloneSoOnlyTheCulpritFails() throws Exception {
            delegate.failWhen(ids -> ids.contains("d3")
                    ? IndexingException.permanent(ErrorCodes.VECTOR_STORE_REJECTED, Stage.VECTOR_UPSERT,
                            "document d3 cannot go to Qdrant")
                    : null);
            List<Future<?>> results = queueCallersBehindAHeldCall(5, 2, 1000);

            delegate.letGo();

            assertThat(failureOf(results.get(3))).satisfies(e -> {
                assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_REJECTED);
                assertThat(e.retriable()).isFalse();
                assertThat(e.getMessage()).isEqualTo("document d3 cannot go to Qdrant");
            });
            for (int i : new int[] {0, 1, 2, 4}) {
                results.get(i).get();
            }
            assertThat(delegate.calls()).containsExactly(List.of("d0"), ids(1, 4),
                    List.of("d1"), List.of("d2"), List.of("d3"), List.of("d4"));
        }

        @Test
        void shouldTurnAnUnexpectedExceptionIntoAnInternalError() {
            start(UpsertCoalescingConfig.defaults());
            delegate.failWhen(ids -> new IllegalStateException("bug"));

            assertThatThrownBy(() -> store.upsert("d", chunks("d", 1)))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.INTERNAL);
                        assertThat(e.stage()).isEqualTo(Stage.VECTOR_UPSERT);
                        assertThat(e.retriable()).isFalse();
                    })
                    .hasMessage("the vector store failed unexpectedly: java.lang.IllegalStateException: bug");
        }

        @Test
        void shouldLetAnInterruptedCallerGoAtOnceAndDropItsDocument() throws Exception {
            start(UpsertCoalescingConfig.defaults().withMaxInFlight(1));
            delegate.hold();
            Future<?> first = upsert("first", 2);
            await("the first call is in flight", () -> delegate.calls().size() == 1);
            AtomicReference<IndexingException> interruptedFailure = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            Thread interrupted = Thread.ofVirtual().start(() -> {
                try {
                    store.upsert("abandoned", chunks("abandoned", 3));
                } catch (IndexingException e) {
                    interruptedFailure.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            await("the second caller waits", () -> store.waitingDocuments() == 1);

            interrupted.interrupt();
            interrupted.join(); // returns while the call in flight is still held
            Future<?> third = upsert("third", 2);
            await("the third caller waits", () -> store.waitingDocuments() == 2);
            delegate.letGo();

            assertThat(interruptedFailure.get()).satisfies(e -> {
                assertThat(e.retriable()).isTrue();
                assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_UNAVAILABLE);
                assertThat(e.stage()).isEqualTo(Stage.VECTOR_UPSERT);
            }).hasMessage("interrupted while waiting for the vector store");
            assertThat(stillInterrupted.get()).as("the interrupt stays set for the caller's caller").isTrue();
            first.get();
            third.get();
            assertThat(delegate.calls()).containsExactly(List.of("first"), List.of("third"));
        }
    }

    @Nested
    class PassingThrough {

        @Test
        void shouldDeleteAndSearchThroughTheWrappedStore() {
            start(UpsertCoalescingConfig.defaults());

            store.delete("gone");

            assertThat(delegate.deletes()).containsExactly("gone");
            assertThat(store.search(new float[] {1, 0}, 3, SearchFilter.NONE))
                    .singleElement().satisfies(hit -> assertThat(hit.chunk().documentId()).isEqualTo("found"));
            assertThat(delegate.calls()).isEmpty();
        }
    }

    @Nested
    class Closing {

        @Test
        void shouldFailWaitingCallersRetriablyAndCloseTheDelegate() {
            start(UpsertCoalescingConfig.defaults().withMaxInFlight(1));
            delegate.hold();
            Future<?> inFlight = upsert("d0", 3);
            await("a call is in flight", () -> delegate.calls().size() == 1);
            Future<?> queued = upsert("d1", 3);
            await("a document waits", () -> store.waitingDocuments() == 1);

            store.close();

            for (Future<?> result : List.of(inFlight, queued)) {
                assertThat(failureOf(result)).satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_UNAVAILABLE);
                    assertThat(e.stage()).isEqualTo(Stage.VECTOR_UPSERT);
                    assertThat(e.retriable()).isTrue();
                });
            }
            assertThat(delegate.closed()).isTrue();
            assertThatThrownBy(() -> store.upsert("late", chunks("late", 1)))
                    .isInstanceOf(IndexingException.class)
                    .hasMessage("the vector store is closed");
        }
    }

    @Nested
    class Configuration {

        @Test
        void shouldNameTheKeyOfAnInvalidValue() {
            UpsertCoalescingConfig defaults = UpsertCoalescingConfig.defaults();

            assertThatThrownBy(() -> defaults.withMaxPoints(0))
                    .hasMessage("sluice.qdrant.upsert.batch-size must be >= 1 but was 0");
            assertThatThrownBy(() -> defaults.withMaxInFlight(-1))
                    .hasMessage("sluice.qdrant.upsert.max-in-flight must be >= 1 but was -1");
            assertThatThrownBy(() -> defaults.withLinger(Duration.ofSeconds(2)))
                    .hasMessage("sluice.qdrant.upsert.linger must be between 0 and 1000 ms but was 2000 ms");
            assertThatThrownBy(() -> defaults.withLinger(null))
                    .hasMessage("sluice.qdrant.upsert.linger must be between 0 and 1000 ms but was null");
        }

        @Test
        void shouldDefaultToQdrantsBatchSizeEightCallsAndFiveMilliseconds() {
            assertThat(UpsertCoalescingConfig.defaults())
                    .isEqualTo(new UpsertCoalescingConfig(256, 8, Duration.ofMillis(5)));
        }
    }

    /**
     * d0 held in flight (one slot, calls of at most {@code maxPoints}), then d1 .. d{n-1} with {@code chunks} chunks
     * each waiting behind it in that order.
     */
    private List<Future<?>> queueCallersBehindAHeldCall(int n, int chunks, int maxDocumentsPerCall) {
        start(UpsertCoalescingConfig.defaults().withMaxInFlight(1).withMaxPoints(maxDocumentsPerCall * chunks));
        delegate.hold();
        List<Future<?>> results = new ArrayList<>();
        results.add(upsert("d0", chunks));
        await("d0 is in flight", () -> delegate.calls().size() == 1);
        for (int i = 1; i < n; i++) {
            results.add(upsert("d" + i, chunks));
            int expected = i;
            await("d" + i + " waits", () -> store.waitingDocuments() == expected);
        }
        return results;
    }

    private void start(UpsertCoalescingConfig config) {
        store = new CoalescingVectorStore(delegate, config);
    }

    private Future<?> upsert(String documentId, int chunks) {
        return callers.submit(() -> store.upsert(documentId, chunks(documentId, chunks)));
    }

    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "d" + i).toList();
    }

    private static IndexingException failureOf(Future<?> result) {
        try {
            result.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IndexingException.class);
            return (IndexingException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the call to fail");
    }
}
