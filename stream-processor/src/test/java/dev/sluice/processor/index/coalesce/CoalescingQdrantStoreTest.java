package dev.sluice.processor.index.coalesce;

import static dev.sluice.processor.embed.tei.Eventually.await;
import static dev.sluice.processor.index.coalesce.HeldVectorStore.chunks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.qdrant.FakeQdrantServer;
import dev.sluice.processor.index.qdrant.QdrantConfig;
import dev.sluice.processor.index.qdrant.QdrantVectorStore;
import io.qdrant.client.grpc.PointsGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coalescer on the real Qdrant store, against {@link FakeQdrantServer}: what concurrent documents become on the
 * wire, and what Qdrant holds after.
 */
@Timeout(20)
class CoalescingQdrantStoreTest {
    private static final String COLLECTION = "chunks";

    private final FakeQdrantServer qdrant = FakeQdrantServer.inProcess();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch firstUpsertHeld = new CountDownLatch(1);
    private CoalescingVectorStore store;

    @BeforeEach
    void open() {
        QdrantConfig config = QdrantConfig.forHost("in-process", QdrantConfig.DEFAULT_PORT, 2)
                .withCollection(COLLECTION);
        store = new CoalescingVectorStore(QdrantVectorStore.open(config, qdrant.newChannel()),
                UpsertCoalescingConfig.defaults().withMaxInFlight(1));
    }

    @AfterEach
    void close() {
        firstUpsertHeld.countDown();
        store.close();
        callers.shutdownNow();
        qdrant.close();
    }

    @Test
    void shouldWriteTheDocumentsOfConcurrentCallersWithOneUpsertAndOneDelete() throws Exception {
        store.upsert("shrinking", chunks("shrinking", 5));
        Future<?> first = holdAFirstUpsert();
        List<Future<?>> results = new ArrayList<>();
        results.add(upsert("shrinking", chunks("shrinking", 2)));
        for (int i = 0; i < 20; i++) {
            results.add(upsert("d" + i, chunks("d" + i, 3)));
        }
        await("21 documents wait", () -> store.waitingDocuments() == 21);

        firstUpsertHeld.countDown();

        first.get();
        for (Future<?> result : results) {
            result.get();
        }
        assertThat(qdrant.requests(PointsGrpc.getUpsertMethod())).hasSize(2)
                .last().satisfies(request -> assertThat(request.getPointsCount()).isEqualTo(62));
        assertThat(qdrant.requests(PointsGrpc.getDeleteMethod())).hasSize(2);
        Map<String, Long> stored = storedChunksByDocument();
        assertThat(stored).containsEntry("shrinking", 2L).containsEntry("first", 1L).hasSize(22);
        for (int i = 0; i < 20; i++) {
            assertThat(stored).containsEntry("d" + i, 3L);
        }
    }

    @Test
    void shouldFailOnlyTheDocumentQdrantCannotTake() throws Exception {
        Future<?> first = holdAFirstUpsert();
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(upsert("d" + i, i == 2 ? List.of(threeDimensional("d2")) : chunks("d" + i, 2)));
            int expected = i + 1;
            await("d" + i + " waits", () -> store.waitingDocuments() == expected);
        }

        firstUpsertHeld.countDown();

        first.get();
        ExecutionException failure = catchThrowableOfType(ExecutionException.class,
                () -> results.get(2).get());
        assertThat(failure.getCause()).isInstanceOfSatisfying(IndexingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_REJECTED);
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage()).startsWith("document d2 cannot go to Qdrant");
        });
        for (int i : new int[] {0, 1, 3, 4}) {
            results.get(i).get();
        }
        assertThat(storedChunksByDocument()).containsOnlyKeys("first", "d0", "d1", "d3", "d4");
    }

    /** A first document whose upsert request Qdrant holds until {@link #firstUpsertHeld} counts down. */
    private Future<?> holdAFirstUpsert() {
        qdrant.clearCalls();
        qdrant.beforeNext(PointsGrpc.getUpsertMethod(), () -> {
            try {
                firstUpsertHeld.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Future<?> first = upsert("first", chunks("first", 1));
        await("the first upsert reached Qdrant", () -> qdrant.requests(PointsGrpc.getUpsertMethod()).size() == 1);
        return first;
    }

    private Future<?> upsert(String documentId, List<IndexedChunk> chunks) {
        return callers.submit(() -> store.upsert(documentId, chunks));
    }

    private static IndexedChunk threeDimensional(String documentId) {
        return new IndexedChunk(ChunkIds.of(documentId, 0), documentId, 0, "https://example.org/" + documentId,
                "example.org", "", "", "", "text", new float[] {1, 0, 0});
    }

    private Map<String, Long> storedChunksByDocument() {
        return qdrant.points(COLLECTION).values().stream().collect(Collectors.groupingBy(
                p -> p.payload().get("document_id").getStringValue(), Collectors.counting()));
    }
}
