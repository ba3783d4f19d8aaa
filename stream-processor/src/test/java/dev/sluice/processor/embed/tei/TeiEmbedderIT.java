package dev.sluice.processor.embed.tei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.processor.embed.tei.FakeTeiServer.Fault;
import dev.sluice.processor.embed.tei.FakeTeiServer.RecordedRequest;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.engine.Sleeper;
import dev.sluice.schemas.Stage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TeiEmbedder} against {@link FakeTeiServer}, a real HTTP server speaking TEI's JSON. */
@Timeout(30)
class TeiEmbedderIT {
    private static final int DIMENSION = 32;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    @Nested
    class Splitting {

        @Test
        void shouldSplitByCountAndNeverExceedTheServersBatchSize() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            List<String> texts = texts(100, "doc");

            List<float[]> vectors = embedder(server, b -> {}).embed(texts);

            assertVectorsOf(server, texts, vectors);
            // sent concurrently, so they arrive in any order
            assertThat(server.requests()).extracting(RecordedRequest::inputs).containsExactlyInAnyOrder(32, 32, 32, 4);
            assertThat(server.batchSizeRejections()).isZero();
        }

        @Test
        void shouldSplitByBytesAndNeverExceedTheServersPayloadLimit() {
            int limit = 4_096;
            FakeTeiServer server = server(FakeTeiServer.builder().payloadLimitBytes(limit));
            List<String> texts = IntStream.range(0, 40)
                    .mapToObj(i -> i + " " + "ünïcödé and \"quotes\" ".repeat(10 + i % 7)).toList();

            List<float[]> vectors = embedder(server, b -> b.maxRequestBytes(limit)).embed(texts);

            assertVectorsOf(server, texts, vectors);
            assertThat(server.requests()).hasSizeGreaterThan(2)
                    .allSatisfy(request -> assertThat(request.bodyBytes()).isLessThanOrEqualTo(limit));
            assertThat(server.requests()).extracting(RecordedRequest::inputs).allMatch(n -> n < 32);
            assertThat(server.payloadLimitRejections()).isZero();
        }

        @Test
        void shouldRejectATextTooLargeForAnyRequestWithoutSendingAnything() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            List<String> texts = List.of("fine", "y".repeat(5_000));

            assertThatThrownBy(() -> embedder(server, b -> b.maxRequestBytes(4_096)).embed(texts))
                    .satisfies(permanent(ErrorCodes.EMBEDDING_REJECTED))
                    .hasMessageContaining("texts[1] takes 5002 bytes");
            assertThat(server.requestCount()).isZero();
        }

        @Test
        void shouldAskForTruncatedNormalisedVectors() {
            FakeTeiServer server = server(FakeTeiServer.builder());

            embedder(server, b -> {}).embed(List.of("one"));

            assertThat(server.requests()).singleElement().satisfies(request -> {
                assertThat(request.truncate()).isTrue();
                assertThat(request.normalize()).isTrue();
            });
        }

        @Test
        void shouldAnswerNothingForNoTexts() {
            FakeTeiServer server = server(FakeTeiServer.builder());

            assertThat(embedder(server, b -> {}).embed(List.of())).isEmpty();
            assertThat(server.requestCount()).isZero();
        }
    }

    @Nested
    class Concurrency {

        @Test
        void shouldSendTheRequestsOfOneCallConcurrentlyWithinTheBound() {
            FakeTeiServer server = server(FakeTeiServer.builder().latency(Duration.ofMillis(50)));
            List<String> texts = texts(320, "doc");

            List<float[]> vectors = embedder(server, b -> b.maxConcurrentRequests(3)).embed(texts);

            assertVectorsOf(server, texts, vectors);
            assertThat(server.requestCount()).isEqualTo(10);
            assertThat(server.maxConcurrentRequests()).isBetween(2, 3);
        }

        @Test
        void shouldAnswerAQueryWhileIndexingHoldsEveryRequestSlot() throws Exception {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.enqueue(Fault.delay(Duration.ofSeconds(20)));
            TeiEmbedder embedder = embedder(server,
                    b -> b.maxConcurrentRequests(1).requestTimeout(Duration.ofSeconds(25)));
            ExecutorService caller = Executors.newVirtualThreadPerTaskExecutor();
            resources.add(caller::shutdownNow);
            Future<List<float[]>> indexing = caller.submit(() -> embedder.embed(texts(4, "chunk")));
            Eventually.await("indexing's request holds the one slot", () -> server.inFlightRequests() == 1);

            float[] query = embedder.embedQuery("parse command line arguments");

            assertThat(query).containsExactly(server.vectorFor("parse command line arguments"), within(1e-6f));
            assertThat(indexing).isNotDone();
            assertThat(server.requests()).hasSize(2);
        }

        @Test
        void shouldKeepTheBoundOverManyCallers() throws Exception {
            FakeTeiServer server = server(FakeTeiServer.builder().latency(Duration.ofMillis(20)));
            TeiEmbedder embedder = embedder(server, b -> b.maxConcurrentRequests(4).maxBatchSize(8));
            ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
            resources.add(callers::shutdownNow);

            List<Future<List<float[]>>> results = new ArrayList<>();
            List<List<String>> inputs = new ArrayList<>();
            for (int caller = 0; caller < 20; caller++) {
                List<String> texts = texts(20, "caller " + caller);
                inputs.add(texts);
                results.add(callers.submit(() -> embedder.embed(texts)));
            }

            for (int caller = 0; caller < 20; caller++) {
                assertVectorsOf(server, inputs.get(caller), results.get(caller).get());
            }
            assertThat(server.maxConcurrentRequests()).isBetween(2, 4);
        }
    }

    @Nested
    class Retries {

        @Test
        void shouldRetryUnavailableOverloadedBrokenAndDroppedAnswersUntilOneSucceeds() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.enqueue(Fault.unavailable(), Fault.error(502, "proxy", "bad gateway"), Fault.closeConnection(),
                    Fault.rawBody(200, "[[0.1, 0.2"), Fault.rawBody(200, "[[0.1], [0.2]]"));

            List<float[]> vectors = embedder(server, b -> b.maxRetries(5)).embed(List.of("a"));

            assertVectorsOf(server, List.of("a"), vectors);
            assertThat(server.requestCount()).isEqualTo(6);
            assertThat(sleeper.sleeps()).hasSize(5);
            for (int retry = 0; retry < 5; retry++) {
                assertThat(sleeper.sleeps().get(retry)).isLessThanOrEqualTo(Duration.ofMillis(100L << retry));
            }
        }

        @Test
        void shouldWaitWhatRetryAfterSaysCappedAtTheMaximumBackoff() {
            Instant now = Instant.parse("2025-03-01T12:00:00Z");
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.enqueue(Fault.tooManyRequests("2"), Fault.tooManyRequests("120"),
                    Fault.tooManyRequests(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            now.plusSeconds(3).atOffset(ZoneOffset.UTC))));
            TeiEmbedder embedder = new TeiEmbedder(
                    config(server, b -> b.maxBackoff(Duration.ofSeconds(5))), sleeper,
                    Clock.fixed(now, ZoneOffset.UTC), new SplittableRandom(1));
            resources.add(embedder);

            embedder.embed(List.of("a"));

            assertThat(sleeper.sleeps())
                    .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(3));
        }

        @Test
        void shouldReallyWaitBeforeRetrying() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.enqueue(Fault.tooManyRequests("1"));
            TeiEmbedder embedder = new TeiEmbedder(config(server, b -> b.maxBackoff(Duration.ofMillis(150))));
            resources.add(embedder);

            long start = System.nanoTime();
            List<float[]> vectors = embedder.embed(List.of("a"));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertVectorsOf(server, List.of("a"), vectors);
            assertThat(server.requestCount()).isEqualTo(2);
        }

        @Test
        void shouldGiveUpRetriablyWhenTheRetriesAreUsedUp() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.failAlways(Fault.unavailable());

            assertThatThrownBy(() -> embedder(server, b -> b.maxRetries(3)).embed(List.of("a")))
                    .satisfies(retriable(ErrorCodes.EMBEDDING_UNAVAILABLE))
                    .hasMessage("TEI unavailable after 4 attempt(s): HTTP 503 (unhealthy): unhealthy");
            assertThat(server.requestCount()).isEqualTo(4);
        }

        @Test
        void shouldGiveUpAsBackpressureWhenTeiKeptThrottling() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.failAlways(Fault.tooManyRequests("0"));

            assertThatThrownBy(() -> embedder(server, b -> b.maxRetries(2)).embed(List.of("a")))
                    .satisfies(retriable(ErrorCodes.EMBEDDING_UNAVAILABLE))
                    .isInstanceOfSatisfying(IndexingException.class, e -> assertThat(e.isBackpressure())
                            .as("throttling is no fault of the document: it must not use up its attempts").isTrue());
        }

        @Test
        void shouldNotCallAnOutageBackpressure() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.failAlways(Fault.unavailable());

            assertThatThrownBy(() -> embedder(server, b -> b.maxRetries(1)).embed(List.of("a")))
                    .isInstanceOfSatisfying(IndexingException.class, e -> assertThat(e.isBackpressure()).isFalse());
        }

        @Test
        void shouldTreatATimeoutAsRetriable() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.failAlways(Fault.delay(Duration.ofSeconds(5)));

            assertThatThrownBy(() -> embedder(server, b -> b.maxRetries(1)
                    .requestTimeout(Duration.ofMillis(200))).embed(List.of("a")))
                    .satisfies(retriable(ErrorCodes.EMBEDDING_UNAVAILABLE))
                    .hasMessage("TEI unavailable after 2 attempt(s): no answer within embedding.request.timeout.ms"
                            + " (200)");
            assertThat(server.requestCount()).isEqualTo(2);
        }

        @Test
        void shouldTreatARefusedConnectionAsRetriable() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            TeiEmbedder embedder = embedder(server, b -> b.maxRetries(2));
            server.close();

            assertThatThrownBy(() -> embedder.embed(List.of("a")))
                    .satisfies(retriable(ErrorCodes.EMBEDDING_UNAVAILABLE))
                    .hasMessageStartingWith("TEI unavailable after 3 attempt(s): connection failed");
        }
    }

    @Nested
    class Rejections {

        @Test
        void shouldNotRetryA413AndKeepTeisMessage() {
            FakeTeiServer server = server(FakeTeiServer.builder().maxClientBatchSize(4));

            assertThatThrownBy(() -> embedder(server, b -> b.maxBatchSize(5)).embed(texts(5, "t")))
                    .satisfies(permanent(ErrorCodes.EMBEDDING_REJECTED))
                    .hasMessage("TEI rejected the request: HTTP 413 (validation): batch size 5 > maximum allowed "
                            + "batch size 4");
            assertThat(server.requestCount()).isEqualTo(1);
            assertThat(sleeper.sleeps()).isEmpty();
        }

        @Test
        void shouldNotRetryOther4xx() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.enqueue(Fault.error(400, "empty", "Batch is empty"),
                    Fault.error(422, "tokenizer", "Tokenizer error"));
            TeiEmbedder embedder = embedder(server, b -> {});

            assertThatThrownBy(() -> embedder.embed(List.of("a")))
                    .satisfies(permanent(ErrorCodes.EMBEDDING_REJECTED))
                    .hasMessage("TEI rejected the request: HTTP 400 (empty): Batch is empty");
            assertThatThrownBy(() -> embedder.embed(List.of("a")))
                    .satisfies(permanent(ErrorCodes.EMBEDDING_REJECTED))
                    .hasMessage("TEI rejected the request: HTTP 422 (tokenizer): Tokenizer error");
            assertThat(server.requestCount()).isEqualTo(2);
        }

        @Test
        void shouldFailACallAtItsFirstRejectionWithoutWaitingForItsOtherRequests() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.failAlways(Fault.delay(Duration.ofSeconds(20)));
            server.rejectInputsContaining("POISON");
            List<String> texts = new ArrayList<>(texts(40, "t"));
            texts.set(39, "POISON");

            assertThatThrownBy(() -> embedder(server, b -> b.maxBatchSize(4).maxConcurrentRequests(10)
                    .requestTimeout(Duration.ofSeconds(25))).embed(texts))
                    .satisfies(permanent(ErrorCodes.EMBEDDING_REJECTED))
                    .hasMessage("TEI rejected the request: HTTP 422 (tokenizer): Tokenizer error: cannot tokenize "
                            + "an input");
            // the last request failed while the nine before it were still unanswered
            assertThat(server.inFlightRequests()).isPositive();
        }
    }

    @Nested
    class Authentication {

        @Test
        void shouldSendTheBearerToken() {
            FakeTeiServer server = server(FakeTeiServer.builder().requiredBearerToken("tok-123"));

            List<float[]> vectors = embedder(server, b -> b.bearerToken("tok-123")).embed(List.of("a"));

            assertVectorsOf(server, List.of("a"), vectors);
            assertThat(server.requests()).extracting(RecordedRequest::authorization)
                    .containsExactly(java.util.Optional.of("Bearer tok-123"));
        }

        @Test
        void shouldNotRetryWithoutTheRightToken() {
            FakeTeiServer server = server(FakeTeiServer.builder().requiredBearerToken("tok-123"));

            assertThatThrownBy(() -> embedder(server, b -> b.bearerToken("wrong")).embed(List.of("a")))
                    .satisfies(permanent(ErrorCodes.EMBEDDING_REJECTED))
                    .hasMessage("TEI rejected the request: HTTP 401")
                    .message().doesNotContain("wrong");
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Nested
    class Dimension {

        @Test
        void shouldAcceptTheConfiguredDimensionWithoutAsking() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            TeiEmbedder embedder = embedder(server, b -> b.expectedDimension(DIMENSION));

            assertThat(embedder.dimension()).isEqualTo(DIMENSION);
            assertThat(server.requestCount()).isZero();
            assertThat(embedder.embed(List.of("a")).getFirst()).hasSize(DIMENSION);
        }

        @Test
        void shouldRejectAnswersOfAnotherDimensionThanConfigured() {
            FakeTeiServer server = server(FakeTeiServer.builder());

            assertThatThrownBy(() -> embedder(server, b -> b.expectedDimension(768)).embed(List.of("a")))
                    .satisfies(permanent(ErrorCodes.EMBEDDING_REJECTED))
                    .hasMessage("TEI answered vectors of 32 dimensions but embedding.dimension is 768: another "
                            + "model is serving at embedding.tei.url");
            assertThat(server.requestCount()).isEqualTo(1);
        }

        @Test
        void shouldLearnTheDimensionFromTheFirstAnswerAndHoldLaterOnesToIt() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            TeiEmbedder embedder = embedder(server, b -> {});
            embedder.embed(List.of("a"));
            server.enqueue(Fault.wrongDimension(16));

            assertThat(embedder.dimension()).isEqualTo(DIMENSION);
            assertThatThrownBy(() -> embedder.embed(List.of("b")))
                    .satisfies(permanent(ErrorCodes.EMBEDDING_REJECTED))
                    .hasMessage("TEI answered vectors of 16 dimensions but its first answer had 32: another "
                            + "model is serving at embedding.tei.url");
            assertThat(server.requestCount()).isEqualTo(2);
        }

        @Test
        void shouldProbeOnceWhenAskedBeforeAnyAnswer() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            TeiEmbedder embedder = embedder(server, b -> {});

            assertThat(embedder.dimension()).isEqualTo(DIMENSION);
            assertThat(embedder.dimension()).isEqualTo(DIMENSION);
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Nested
    class ModelAndLifecycle {

        @Test
        void shouldTakeTheModelIdFromInfo() {
            FakeTeiServer server = server(FakeTeiServer.builder().modelId("BAAI/bge-small-en-v1.5"));

            assertThat(embedder(server, b -> {}).modelId()).isEqualTo("BAAI/bge-small-en-v1.5");
        }

        @Test
        void shouldFallBackToTheUrlWhileInfoIsUnreachable() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            URI url = server.uri();
            TeiEmbedder embedder = embedder(server, b -> {});
            server.close();

            assertThat(embedder.modelId()).isEqualTo(url.toString());
        }

        @Test
        void shouldFailCallsInFlightRetriablyWhenClosed() throws Exception {
            FakeTeiServer server = server(FakeTeiServer.builder());
            server.failAlways(Fault.delay(Duration.ofSeconds(20)));
            TeiEmbedder embedder = embedder(server, b -> b.maxBatchSize(2).requestTimeout(Duration.ofSeconds(25)));
            ExecutorService caller = Executors.newVirtualThreadPerTaskExecutor();
            resources.add(caller::shutdownNow);
            Future<List<float[]>> result = caller.submit(() -> embedder.embed(texts(6, "t")));
            Eventually.await("three requests are in flight", () -> server.inFlightRequests() == 3);

            embedder.close();

            assertThatThrownBy(result::get).cause()
                    .satisfies(retriable(ErrorCodes.EMBEDDING_UNAVAILABLE))
                    .hasMessage("the TEI client is closed");
        }

        @Test
        void shouldFailRetriablyOnceClosed() {
            FakeTeiServer server = server(FakeTeiServer.builder());
            TeiEmbedder embedder = embedder(server, b -> {});
            embedder.close();

            assertThatThrownBy(() -> embedder.embed(List.of("a")))
                    .satisfies(retriable(ErrorCodes.EMBEDDING_UNAVAILABLE))
                    .hasMessage("the TEI client is closed");
        }
    }

    private FakeTeiServer server(FakeTeiServer.Builder builder) {
        FakeTeiServer server = builder.dimension(DIMENSION).start();
        resources.add(server);
        return server;
    }

    private TeiEmbedder embedder(FakeTeiServer server, Consumer<TeiConfig.Builder> settings) {
        TeiEmbedder embedder =
                new TeiEmbedder(config(server, settings), sleeper, Clock.systemUTC(), new SplittableRandom(7));
        resources.add(embedder);
        return embedder;
    }

    private static TeiConfig config(FakeTeiServer server, Consumer<TeiConfig.Builder> settings) {
        TeiConfig.Builder builder = TeiConfig.builder(server.uri()).requestTimeout(Duration.ofSeconds(5));
        settings.accept(builder);
        return builder.build();
    }

    private static List<String> texts(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> prefix + " chunk " + i).toList();
    }

    static void assertVectorsOf(FakeTeiServer server, List<String> texts, List<float[]> vectors) {
        assertThat(vectors).hasSameSizeAs(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).as("vector of text %d", i)
                    .containsExactly(server.vectorFor(texts.get(i)), within(1e-7f));
        }
    }

    private static Consumer<Throwable> permanent(String code) {
        return failure -> assertThat(failure).isInstanceOfSatisfying(IndexingException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.stage()).isEqualTo(Stage.EMBEDDING);
            assertThat(e.retriable()).isFalse();
        });
    }

    private static Consumer<Throwable> retriable(String code) {
        return failure -> assertThat(failure).isInstanceOfSatisfying(IndexingException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.stage()).isEqualTo(Stage.EMBEDDING);
            assertThat(e.retriable()).isTrue();
        });
    }

    /** Records the waits instead of waiting them, so that counting retries takes no time. */
    static final class RecordingSleeper implements Sleeper {
        private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
        }

        List<Duration> sleeps() {
            return Collections.unmodifiableList(sleeps);
        }
    }
}
