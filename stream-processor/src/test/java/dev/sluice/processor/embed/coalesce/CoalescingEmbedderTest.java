package dev.sluice.processor.embed.coalesce;

import static dev.sluice.processor.embed.tei.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
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
class CoalescingEmbedderTest {
    private final HeldEmbedder delegate = new HeldEmbedder();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private CoalescingEmbedder embedder;

    @AfterEach
    void tearDown() {
        delegate.letGo();
        if (embedder != null) {
            embedder.close();
        }
        callers.shutdownNow();
    }

    @Nested
    class Packing {

        @Test
        void shouldPackTheTextsOfCallersThatWaitedIntoFullBatches() throws Exception {
            start(CoalescingConfig.defaults().withMaxInFlight(1));
            delegate.hold();
            Future<List<float[]>> first = call(texts(0, 5));
            await("the first caller's texts are in flight", () -> delegate.calls().size() == 1);
            List<Future<List<float[]>>> waiting = new ArrayList<>();
            for (int caller = 1; caller <= 10; caller++) {
                waiting.add(call(texts(caller, 5)));
            }
            await("50 texts wait", () -> embedder.waitingTexts() == 50);

            delegate.letGo();

            assertVectors(first.get(), texts(0, 5));
            for (int caller = 1; caller <= 10; caller++) {
                assertVectors(waiting.get(caller - 1).get(), texts(caller, 5));
            }
            // sent at once while nothing else waited; then full batches of what queued meanwhile
            assertThat(delegate.calls()).extracting(List::size).containsExactly(5, 32, 18);
        }

        @Test
        void shouldKeepBatchesWithinTheByteLimit() throws Exception {
            // three 100-character texts (103 bytes each in JSON) fit next to the envelope
            start(CoalescingConfig.defaults().withMaxInFlight(1).withMaxBatchBytes(TextSize.ENVELOPE_BYTES + 3 * 103));
            delegate.hold();
            Future<List<float[]>> first = call(List.of("x".repeat(100)));
            await("the first text is in flight", () -> delegate.calls().size() == 1);
            List<String> many = IntStream.range(0, 8).mapToObj(i -> i + "y".repeat(99)).toList();
            Future<List<float[]>> second = call(many);
            await("8 texts wait", () -> embedder.waitingTexts() == 8);

            delegate.letGo();

            assertVectors(first.get(), List.of("x".repeat(100)));
            assertVectors(second.get(), many);
            assertThat(delegate.calls()).extracting(List::size).containsExactly(1, 3, 3, 2);
        }

        @Test
        void shouldSendATextLargerThanTheByteLimitAlone() throws Exception {
            start(CoalescingConfig.defaults().withMaxBatchBytes(200));
            List<String> texts = List.of("a", "b".repeat(500), "c");

            assertVectors(embedder.embed(texts), texts);
            // batches run concurrently (8 in flight): the order in which the calls arrive is not fixed
            assertThat(delegate.calls()).containsExactlyInAnyOrder(List.of("a"), List.of("b".repeat(500)), List.of("c"));
        }

        @Test
        void shouldNeverHaveMoreCallsInFlightThanAllowed() throws Exception {
            start(CoalescingConfig.defaults().withMaxInFlight(3).withMaxBatchSize(4));
            delegate.hold();
            List<Future<List<float[]>>> results = new ArrayList<>();
            for (int caller = 0; caller < 12; caller++) {
                results.add(call(texts(caller, 4)));
            }
            await("three calls are in flight", () -> delegate.inFlight() == 3);
            await("the other texts wait", () -> embedder.waitingTexts() == 36);

            delegate.letGo();

            for (int caller = 0; caller < 12; caller++) {
                assertVectors(results.get(caller).get(), texts(caller, 4));
            }
            assertThat(delegate.maxInFlight()).isEqualTo(3);
        }

        @Test
        void shouldLingerForMoreTextsWhenConfiguredTo() throws Exception {
            start(CoalescingConfig.defaults().withMaxInFlight(1).withMaxBatchSize(2).withLinger(Duration.ofSeconds(1)));
            delegate.hold();
            Future<List<float[]>> busy = call(List.of("busy"));
            await("a call is in flight", () -> delegate.calls().size() == 1);
            Future<List<float[]>> first = call(List.of("first"));
            await("the first text waits", () -> embedder.waitingTexts() == 1);
            delegate.letGo();
            await("the first text is taken into a lingering batch", () -> embedder.waitingTexts() == 0);

            Future<List<float[]>> second = call(List.of("second"));

            assertVectors(busy.get(), List.of("busy"));
            assertVectors(first.get(), List.of("first"));
            assertVectors(second.get(), List.of("second"));
            assertThat(delegate.calls()).containsExactly(List.of("busy"), List.of("first", "second"));
        }
    }

    @Nested
    class Results {

        @Test
        void shouldGiveEveryCallerExactlyItsVectorsInItsOrder() throws Exception {
            start(CoalescingConfig.defaults().withMaxInFlight(2).withMaxBatchSize(7));
            List<List<String>> inputs = new ArrayList<>();
            List<Future<List<float[]>>> results = new ArrayList<>();
            for (int caller = 0; caller < 40; caller++) {
                List<String> texts = texts(caller, 1 + caller * 37 % 23);
                inputs.add(texts);
                results.add(call(texts));
            }

            for (int caller = 0; caller < 40; caller++) {
                assertVectors(results.get(caller).get(), inputs.get(caller));
            }
            assertThat(delegate.calls()).allSatisfy(call -> assertThat(call).hasSizeBetween(1, 7));
        }

        @Test
        void shouldAnswerNoTextsWithoutACall() {
            start(CoalescingConfig.defaults());

            assertThat(embedder.embed(List.of())).isEmpty();
            assertThat(delegate.calls()).isEmpty();
        }

        @Test
        void shouldRefuseANullText() {
            start(CoalescingConfig.defaults());
            List<String> texts = new ArrayList<>(List.of("a"));
            texts.add(null);

            assertThatThrownBy(() -> embedder.embed(texts)).hasMessage("texts[1] is null");
        }

        @Test
        void shouldSendAQueryStraightToTheDelegatePastWaitingTexts() throws Exception {
            start(CoalescingConfig.defaults().withMaxInFlight(1));
            delegate.hold();
            Future<List<float[]>> first = call(texts(0, 5));
            await("the first caller's texts are in flight", () -> delegate.calls().size() == 1);
            Future<List<float[]>> waiting = call(texts(1, 5));
            await("5 texts wait", () -> embedder.waitingTexts() == 5);

            float[] query = embedder.embedQuery("a query");

            assertThat(query).containsExactly(HeldEmbedder.vectorFor("a query"));
            assertThat(delegate.queries()).containsExactly("a query");
            assertThat(delegate.calls()).hasSize(1);
            assertThat(embedder.waitingTexts()).isEqualTo(5);
            delegate.letGo();
            assertVectors(first.get(), texts(0, 5));
            assertVectors(waiting.get(), texts(1, 5));
        }

        @Test
        void shouldPassDimensionAndModelThrough() {
            start(CoalescingConfig.defaults());

            assertThat(embedder.dimension()).isEqualTo(HeldEmbedder.DIMENSION);
            assertThat(embedder.modelId()).isEqualTo("held");
        }
    }

    @Nested
    class Failures {

        @Test
        void shouldFailOnlyTheCallersWhoseTextsWereInAFailedCall() throws Exception {
            IndexingException unavailable = IndexingException.retriable(ErrorCodes.EMBEDDING_UNAVAILABLE,
                    Stage.EMBEDDING, "HTTP 503", null);
            delegate.failWhen(texts -> texts.contains(texts(3, 5).getFirst()) ? unavailable : null);
            List<Future<List<float[]>>> results = queueElevenCallersBehindAHeldCall();

            delegate.letGo();

            // call 2 carried callers 1 to 6 and two texts of caller 7
            for (int caller = 1; caller <= 7; caller++) {
                assertThat(failureOf(results.get(caller))).isSameAs(unavailable);
            }
            for (int caller : new int[] {0, 8, 9, 10}) {
                assertVectors(results.get(caller).get(), texts(caller, 5));
            }
            // caller 7's other three texts were dropped: it had failed already
            assertThat(delegate.calls()).extracting(List::size).containsExactly(5, 32, 15);
        }

        @Test
        void shouldSendTheCallersOfARejectedCallAgainAloneSoOnlyTheCulpritFails() throws Exception {
            String poison = texts(3, 5).get(2);
            delegate.failWhen(texts -> texts.contains(poison)
                    ? IndexingException.permanent(ErrorCodes.EMBEDDING_REJECTED, Stage.EMBEDDING, "HTTP 422")
                    : null);
            List<Future<List<float[]>>> results = queueElevenCallersBehindAHeldCall();

            delegate.letGo();

            assertThat(failureOf(results.get(3))).satisfies(e -> {
                assertThat(e.code()).isEqualTo(ErrorCodes.EMBEDDING_REJECTED);
                assertThat(e.retriable()).isFalse();
            });
            for (int caller = 0; caller <= 10; caller++) {
                if (caller != 3) {
                    assertVectors(results.get(caller).get(), texts(caller, 5));
                }
            }
            assertThat(delegate.calls()).extracting(List::size)
                    .containsExactly(5, 32, 5, 5, 5, 5, 5, 5, 2, 18);
        }

        @Test
        void shouldTurnAnUnexpectedExceptionIntoAnInternalError() {
            start(CoalescingConfig.defaults());
            delegate.failWhen(texts -> new IllegalStateException("bug"));

            assertThatThrownBy(() -> embedder.embed(List.of("a")))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.INTERNAL);
                        assertThat(e.retriable()).isFalse();
                    })
                    .hasMessage("the embedder failed unexpectedly: java.lang.IllegalStateException: bug");
        }

        @Test
        void shouldDropTheTextsOfACallerWhoStoppedWaiting() throws Exception {
            start(CoalescingConfig.defaults().withMaxInFlight(1));
            delegate.hold();
            Future<List<float[]>> first = call(texts(0, 2));
            await("the first call is in flight", () -> delegate.calls().size() == 1);
            AtomicReference<IndexingException> abandonedFailure = new AtomicReference<>();
            Thread abandoning = Thread.ofVirtual().start(() -> {
                try {
                    embedder.embed(texts(1, 3));
                } catch (IndexingException e) {
                    abandonedFailure.set(e);
                }
            });
            await("the second caller waits", () -> embedder.waitingTexts() == 3);

            abandoning.interrupt();
            abandoning.join();
            Future<List<float[]>> third = call(texts(2, 2));
            await("the third caller waits", () -> embedder.waitingTexts() == 5);
            delegate.letGo();

            assertThat(abandonedFailure.get()).satisfies(e -> assertThat(e.retriable()).isTrue())
                    .hasMessage("interrupted while waiting for embeddings");
            assertVectors(first.get(), texts(0, 2));
            assertVectors(third.get(), texts(2, 2));
            assertThat(delegate.calls()).containsExactly(texts(0, 2), texts(2, 2));
        }
    }

    @Nested
    class Closing {

        @Test
        void shouldFailWaitingCallersRetriablyAndCloseTheDelegate() throws Exception {
            start(CoalescingConfig.defaults().withMaxInFlight(1));
            delegate.hold();
            Future<List<float[]>> inFlight = call(texts(0, 3));
            await("a call is in flight", () -> delegate.calls().size() == 1);
            Future<List<float[]>> queued = call(texts(1, 3));
            await("texts wait", () -> embedder.waitingTexts() == 3);

            embedder.close();

            for (Future<List<float[]>> result : List.of(inFlight, queued)) {
                assertThat(failureOf(result)).satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.EMBEDDING_UNAVAILABLE);
                    assertThat(e.retriable()).isTrue();
                });
            }
            assertThat(delegate.closed()).isTrue();
            assertThatThrownBy(() -> embedder.embed(List.of("late")))
                    .isInstanceOf(IndexingException.class)
                    .hasMessage("the embedder is closed");
        }
    }

    /** Caller 0's five texts held in flight (one slot), callers 1 to 10 with five texts each waiting behind. */
    private List<Future<List<float[]>>> queueElevenCallersBehindAHeldCall() {
        start(CoalescingConfig.defaults().withMaxInFlight(1));
        delegate.hold();
        List<Future<List<float[]>>> results = new ArrayList<>();
        results.add(call(texts(0, 5)));
        await("caller 0's texts are in flight", () -> delegate.calls().size() == 1);
        for (int caller = 1; caller <= 10; caller++) {
            results.add(call(texts(caller, 5)));
            int expected = caller * 5;
            // one at a time, so that the queue's order is the callers' order
            await("caller " + caller + "'s texts wait", () -> embedder.waitingTexts() == expected);
        }
        return results;
    }

    private void start(CoalescingConfig config) {
        embedder = new CoalescingEmbedder(delegate, config);
    }

    private Future<List<float[]>> call(List<String> texts) {
        return callers.submit(() -> embedder.embed(texts));
    }

    private static List<String> texts(int caller, int count) {
        return IntStream.range(0, count).mapToObj(i -> "caller " + caller + " text " + i).toList();
    }

    private static void assertVectors(List<float[]> vectors, List<String> texts) {
        assertThat(vectors).hasSameSizeAs(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).as("vector %d", i).containsExactly(HeldEmbedder.vectorFor(texts.get(i)));
        }
    }

    private static IndexingException failureOf(Future<List<float[]>> result) {
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
