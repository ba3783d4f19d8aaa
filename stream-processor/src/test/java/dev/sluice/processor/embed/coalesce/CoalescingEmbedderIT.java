package dev.sluice.processor.embed.coalesce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.processor.embed.tei.FakeTeiServer;
import dev.sluice.processor.embed.tei.FakeTeiServer.Fault;
import dev.sluice.processor.embed.tei.FakeTeiServer.RecordedRequest;
import dev.sluice.processor.embed.tei.TeiConfig;
import dev.sluice.processor.embed.tei.TeiEmbedder;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole embedding path as the batch indexer uses it: many documents at once through a {@link CoalescingEmbedder}
 * over a {@link TeiEmbedder} over {@link FakeTeiServer}, a real HTTP server with TEI's JSON and limits.
 */
@Timeout(60)
class CoalescingEmbedderIT {
    private static final Logger LOG = LoggerFactory.getLogger(CoalescingEmbedderIT.class);
    private static final int DIMENSION = 64;
    private static final int BATCH = 32;
    private static final int IN_FLIGHT = 8;

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private FakeTeiServer server;
    private CoalescingEmbedder embedder;

    @AfterEach
    void tearDown() {
        if (embedder != null) {
            embedder.close();
        }
        callers.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldPackTheChunksOfManyDocumentsIntoFewFullRequests() throws Exception {
        start(Duration.ofMillis(100), 0);

        List<List<float[]>> results = embedAll(50, 25);

        int total = 50 * 25;
        assertEveryDocumentGotItsVectors(results, 25);
        List<RecordedRequest> requests = server.requests();
        LOG.info("{} documents x {} chunks: {} requests, inputs per request {}", 50, 25, requests.size(),
                requests.stream().map(RecordedRequest::inputs).toList());
        // one request per document would be 50; full packing 40; the first wave may leave up to IN_FLIGHT part-full
        assertThat(requests).hasSizeLessThanOrEqualTo(ceilDiv(total, BATCH) + IN_FLIGHT);
        assertThat(requests).extracting(RecordedRequest::inputs).allMatch(inputs -> inputs <= BATCH);
        assertThat(server.maxConcurrentRequests()).isLessThanOrEqualTo(IN_FLIGHT);
        assertThat(server.batchSizeRejections()).isZero();
        assertThat(server.payloadLimitRejections()).isZero();
    }

    @Test
    void shouldShareRequestsAmongSmallDocuments() throws Exception {
        start(Duration.ofMillis(100), 0);

        List<List<float[]>> results = embedAll(200, 3);

        assertEveryDocumentGotItsVectors(results, 3);
        LOG.info("{} documents x {} chunks: {} requests", 200, 3, server.requestCount());
        // one request per document would be 200
        assertThat(server.requests()).hasSizeLessThanOrEqualTo(ceilDiv(200 * 3, BATCH) + IN_FLIGHT);
        assertThat(server.maxConcurrentRequests()).isLessThanOrEqualTo(IN_FLIGHT);
    }

    @Test
    void shouldFailOnlyTheDocumentThatTeiRefuses() throws Exception {
        start(Duration.ofMillis(20), 0);
        server.rejectInputsContaining("POISON");
        List<Future<List<float[]>>> futures = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int doc = 0; doc < 20; doc++) {
            List<String> chunks = new ArrayList<>(chunks(doc, 10));
            if (doc == 7) {
                chunks.set(4, "POISON " + chunks.get(4));
            }
            futures.add(callers.submit(() -> {
                go.await();
                return embedder.embed(chunks);
            }));
        }
        go.countDown();

        for (int doc = 0; doc < 20; doc++) {
            if (doc == 7) {
                IndexingException failure = failureOf(futures.get(doc));
                assertThat(failure.code()).isEqualTo(ErrorCodes.EMBEDDING_REJECTED);
                assertThat(failure.retriable()).isFalse();
                assertThat(failure).hasMessageContaining("HTTP 422 (tokenizer)");
            } else {
                assertVectors(futures.get(doc).get(), chunks(doc, 10));
            }
        }
    }

    @Test
    void shouldFailTheDocumentsOfAnUnavailableRequestTogetherAndNoOthers() throws Exception {
        start(Duration.ofMillis(20), 0);
        server.enqueue(Fault.unavailable());

        List<Future<List<float[]>>> futures = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int doc = 0; doc < 20; doc++) {
            List<String> chunks = chunks(doc, 10);
            futures.add(callers.submit(() -> {
                go.await();
                return embedder.embed(chunks);
            }));
        }
        go.countDown();

        Map<IndexingException, Integer> failures = new IdentityHashMap<>();
        int succeeded = 0;
        for (int doc = 0; doc < 20; doc++) {
            try {
                assertVectors(futures.get(doc).get(), chunks(doc, 10));
                succeeded++;
            } catch (ExecutionException e) {
                failures.merge((IndexingException) e.getCause(), 1, Integer::sum);
            }
        }
        // one request failed: the documents in it (at most 32 chunks, so at most 5 of them) share its exception
        assertThat(failures).hasSize(1);
        IndexingException failure = failures.keySet().iterator().next();
        assertThat(failure.code()).isEqualTo(ErrorCodes.EMBEDDING_UNAVAILABLE);
        assertThat(failure.retriable()).isTrue();
        assertThat(failures.get(failure)).isBetween(1, 5);
        assertThat(succeeded + failures.get(failure)).isEqualTo(20);
    }

    private void start(Duration latency, int maxRetries) {
        server = FakeTeiServer.builder().dimension(DIMENSION).latency(latency).start();
        TeiEmbedder tei = new TeiEmbedder(TeiConfig.builder(server.uri())
                .maxBatchSize(BATCH).maxConcurrentRequests(IN_FLIGHT).maxRetries(maxRetries).build());
        embedder = new CoalescingEmbedder(tei, CoalescingConfig.defaults()
                .withMaxBatchSize(BATCH).withMaxInFlight(IN_FLIGHT));
    }

    /** Every document's chunks embedded by its own caller, all callers let go at once. */
    private List<List<float[]>> embedAll(int documents, int chunksPerDocument) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<float[]>>> futures = new ArrayList<>();
        for (int doc = 0; doc < documents; doc++) {
            List<String> chunks = chunks(doc, chunksPerDocument);
            futures.add(callers.submit(() -> {
                go.await();
                return embedder.embed(chunks);
            }));
        }
        go.countDown();
        List<List<float[]>> results = new ArrayList<>();
        for (Future<List<float[]>> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private void assertEveryDocumentGotItsVectors(List<List<float[]>> results, int chunksPerDocument) {
        for (int doc = 0; doc < results.size(); doc++) {
            assertVectors(results.get(doc), chunks(doc, chunksPerDocument));
        }
    }

    private void assertVectors(List<float[]> vectors, List<String> texts) {
        assertThat(vectors).hasSameSizeAs(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(server.vectorFor(texts.get(i)), within(1e-7f));
        }
    }

    private static List<String> chunks(int doc, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "document " + doc + ", chunk " + i + ": " + "some words of text ".repeat(1 + i % 5))
                .toList();
    }

    private static IndexingException failureOf(Future<List<float[]>> future) throws InterruptedException {
        try {
            future.get();
            throw new AssertionError("expected the document to fail");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IndexingException.class);
            return (IndexingException) e.getCause();
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
