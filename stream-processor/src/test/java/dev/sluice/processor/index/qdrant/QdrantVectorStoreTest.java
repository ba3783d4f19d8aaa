package dev.sluice.processor.index.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.DocumentChunks;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.schemas.Stage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.PointsGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Qdrant store against {@link FakeQdrantServer}: real gRPC calls through the official client, answered as Qdrant
 * answers them.
 */
class QdrantVectorStoreTest {
    private static final int DIMS = 4;
    private static final String COLLECTION = "chunks";

    private FakeQdrantServer qdrant;
    private final List<QdrantVectorStore> stores = new ArrayList<>();

    @BeforeEach
    void startQdrant() {
        qdrant = FakeQdrantServer.inProcess();
    }

    @AfterEach
    void stop() {
        stores.forEach(QdrantVectorStore::close);
        qdrant.close();
    }

    private static QdrantConfig config() {
        return QdrantConfig.forHost("in-process", QdrantConfig.DEFAULT_PORT, DIMS).withCollection(COLLECTION);
    }

    private QdrantVectorStore open(QdrantConfig config) {
        QdrantVectorStore store = QdrantVectorStore.open(config, qdrant.newChannel());
        stores.add(store);
        return store;
    }

    private QdrantVectorStore open() {
        return open(config());
    }

    static IndexedChunk chunk(String documentId, int index, String url, float... vector) {
        return new IndexedChunk(ChunkIds.of(documentId, index), documentId, index, url,
                url.replaceFirst("^https?://([^/]+).*$", "$1"), "Title of " + documentId, "Intro > Part " + index,
                "en", "text " + index + " of " + documentId, vector);
    }

    /** {@code n} chunks of one document with pseudo-random vectors. */
    static List<IndexedChunk> chunks(String documentId, int n) {
        Random random = new Random(documentId.hashCode());
        return IntStream.range(0, n)
                .mapToObj(i -> chunk(documentId, i, "https://example.org/" + documentId, randomVector(random)))
                .toList();
    }

    private static float[] randomVector(Random random) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }
        return v;
    }

    private List<Integer> storedChunkIndexes(String documentId) {
        return qdrant.points(COLLECTION).values().stream()
                .filter(p -> p.payload().get("document_id").getStringValue().equals(documentId))
                .map(p -> (int) p.payload().get("chunk_index").getIntegerValue())
                .sorted()
                .toList();
    }

    @Nested
    class CollectionSetup {

        @Test
        void shouldCreateAMissingCollectionWithCosineVectorsOfTheEmbeddersSize() {
            open();

            assertThat(qdrant.vectorParams(COLLECTION).getSize()).isEqualTo(DIMS);
            assertThat(qdrant.vectorParams(COLLECTION).getDistance()).isEqualTo(Distance.Cosine);
            assertThat(qdrant.requests(CollectionsGrpc.getCreateMethod()))
                    .singleElement()
                    .extracting(CreateCollection::getCollectionName)
                    .isEqualTo(COLLECTION);
        }

        @Test
        void shouldCreateThePayloadIndexesTheFiltersUse() {
            open();

            assertThat(qdrant.payloadIndexes(COLLECTION)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "document_id", PayloadSchemaType.Keyword,
                    "url", PayloadSchemaType.Keyword,
                    "url_prefixes", PayloadSchemaType.Keyword,
                    "domain", PayloadSchemaType.Keyword,
                    "language", PayloadSchemaType.Keyword,
                    "chunk_index", PayloadSchemaType.Integer));
            assertThat(qdrant.requests(PointsGrpc.getCreateFieldIndexMethod()))
                    .allMatch(CreateFieldIndexCollection::getWait, "waits for the index");
        }

        @Test
        void shouldUseAnExistingCollectionWithTheSameVectorsWithoutCreatingAnythingAgain() {
            open().upsert("d1", chunks("d1", 2));
            qdrant.clearCalls();

            QdrantVectorStore second = open();

            assertThat(qdrant.requests(CollectionsGrpc.getCreateMethod())).isEmpty();
            assertThat(qdrant.requests(PointsGrpc.getCreateFieldIndexMethod())).isEmpty();
            assertThat(second.search(new float[] {1, 0, 0, 0}, 10, SearchFilter.NONE)).hasSize(2);
        }

        @Test
        void shouldAddOnlyTheMissingIndexesToAnExistingCollection() {
            qdrant.createCollection(COLLECTION, DIMS, Distance.Cosine);

            open();

            assertThat(qdrant.requests(CollectionsGrpc.getCreateMethod())).isEmpty();
            assertThat(qdrant.payloadIndexes(COLLECTION)).hasSize(6);
        }

        @Test
        void shouldUseTheCollectionAnotherInstanceCreatedBetweenCheckAndCreate() {
            qdrant.beforeNext(CollectionsGrpc.getCreateMethod(),
                    () -> qdrant.createCollection(COLLECTION, DIMS, Distance.Cosine));

            QdrantVectorStore store = open();
            store.upsert("d1", chunks("d1", 1));

            assertThat(qdrant.pointCount(COLLECTION)).isEqualTo(1);
            assertThat(qdrant.payloadIndexes(COLLECTION)).hasSize(6);
        }

        @Test
        void shouldRefuseTheCollectionAnotherInstanceCreatedMeanwhileForOtherVectors() {
            qdrant.beforeNext(CollectionsGrpc.getCreateMethod(),
                    () -> qdrant.createCollection(COLLECTION, 768, Distance.Cosine));

            assertThatThrownBy(() -> open())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("size 768");
        }

        @Test
        void shouldRefuseACollectionWithAnotherVectorSizeNamingCollectionAndBothSizes() {
            qdrant.createCollection(COLLECTION, 768, Distance.Cosine);

            assertThatThrownBy(() -> open())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'" + COLLECTION + "'")
                    .hasMessageContaining("size 768")
                    .hasMessageContaining("size " + DIMS)
                    .hasMessageContaining("qdrant.collection");
            assertThat(qdrant.requests(PointsGrpc.getCreateFieldIndexMethod())).isEmpty();
        }

        @Test
        void shouldRefuseACollectionWithAnotherDistance() {
            qdrant.createCollection(COLLECTION, DIMS, Distance.Dot);

            assertThatThrownBy(() -> open())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Dot");
        }

        @Test
        void shouldShutTheChannelDownWhenSetupFails() {
            qdrant.createCollection(COLLECTION, 768, Distance.Cosine);
            ManagedChannel channel = qdrant.newChannel();

            assertThatThrownBy(() -> QdrantVectorStore.open(config(), channel));

            assertThat(channel.isShutdown()).isTrue();
        }

        @Test
        void shouldReportAnUnavailableQdrantAtStartAsRetriable() {
            qdrant.failNext(CollectionsGrpc.getCollectionExistsMethod(), Status.UNAVAILABLE);

            assertThatThrownBy(() -> open())
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_UNAVAILABLE);
                    });
        }

        @Test
        void shouldSendTheApiKeyWithEveryCall() {
            QdrantVectorStore store = open(config().withApiKey("s3cret"));
            store.upsert("d1", chunks("d1", 1));
            store.search(new float[] {1, 0, 0, 0}, 1, SearchFilter.NONE);

            assertThat(qdrant.calls()).isNotEmpty()
                    .allSatisfy(call -> assertThat(call.apiKey()).isEqualTo("s3cret"));
        }
    }

    @Nested
    class Upsert {

        @Test
        void shouldWrite600ChunksInThreeRequestsOfAtMost256Points() {
            QdrantVectorStore store = open();
            qdrant.clearCalls();

            store.upsert("big", chunks("big", 600));

            assertThat(qdrant.requests(PointsGrpc.getUpsertMethod()))
                    .extracting(UpsertPoints::getPointsCount)
                    .containsExactly(256, 256, 88);
            assertThat(qdrant.pointCount(COLLECTION)).isEqualTo(600);
        }

        @Test
        void shouldSplitByTheConfiguredBatchSize() {
            QdrantVectorStore store = open(config().withUpsertBatchSize(2));

            store.upsert("d1", chunks("d1", 5));

            assertThat(qdrant.requests(PointsGrpc.getUpsertMethod()))
                    .extracting(UpsertPoints::getPointsCount)
                    .containsExactly(2, 2, 1);
        }

        @Test
        void shouldWaitForWritesByDefault() {
            QdrantVectorStore store = open();

            store.upsert("d1", chunks("d1", 3));
            store.delete("d1");

            assertThat(qdrant.requests(PointsGrpc.getUpsertMethod())).allMatch(UpsertPoints::getWait);
            assertThat(qdrant.requests(PointsGrpc.getDeleteMethod())).hasSize(2).allMatch(DeletePoints::getWait);
        }

        @Test
        void shouldNotWaitForWritesWhenConfiguredSo() {
            QdrantVectorStore store = open(config().withWaitForWrites(false));

            store.upsert("d1", chunks("d1", 3));
            store.delete("d1");

            assertThat(qdrant.requests(PointsGrpc.getUpsertMethod()))
                    .allSatisfy(r -> assertThat(r.hasWait() && !r.getWait()).isTrue());
            assertThat(qdrant.requests(PointsGrpc.getDeleteMethod()))
                    .allSatisfy(r -> assertThat(r.hasWait() && !r.getWait()).isTrue());
        }

        @Test
        void shouldStoreEachChunkUnderItsChunkIdWithItsFieldsAsPayload() {
            QdrantVectorStore store = open();
            IndexedChunk chunk = chunk("doc-7", 0, "https://docs.python.org/3/library/os.html", 1, 2, 3, 4);

            store.upsert("doc-7", List.of(chunk));

            var point = qdrant.points(COLLECTION).get(ChunkIds.of("doc-7", 0));
            assertThat(point).as("point stored under ChunkIds.of(documentId, chunkIndex)").isNotNull();
            Map<String, Value> payload = point.payload();
            assertThat(payload.get("document_id").getStringValue()).isEqualTo("doc-7");
            assertThat(payload.get("chunk_index").getIntegerValue()).isZero();
            assertThat(payload.get("url").getStringValue()).isEqualTo("https://docs.python.org/3/library/os.html");
            assertThat(payload.get("domain").getStringValue()).isEqualTo("docs.python.org");
            assertThat(payload.get("title").getStringValue()).isEqualTo("Title of doc-7");
            assertThat(payload.get("heading_path").getStringValue()).isEqualTo("Intro > Part 0");
            assertThat(payload.get("language").getStringValue()).isEqualTo("en");
            assertThat(payload.get("text").getStringValue()).isEqualTo("text 0 of doc-7");
            assertThat(payload.get("url_prefixes").getListValue().getValuesList())
                    .extracting(Value::getStringValue)
                    .contains("https://docs.python.org/", "https://docs.python.org/3/",
                            "https://docs.python.org/3/library/");
        }

        @Test
        void shouldRemoveTheChunksAShorterNewVersionNoLongerHas() {
            QdrantVectorStore store = open();
            store.upsert("page", chunks("page", 5));
            store.upsert("other", chunks("other", 3));

            store.upsert("page", chunks("page", 2));

            assertThat(storedChunkIndexes("page")).containsExactly(0, 1);
            assertThat(storedChunkIndexes("other")).containsExactly(0, 1, 2);
        }

        @Test
        void shouldDeleteTheTailWithARangeFilterAfterTheUpserts() {
            QdrantVectorStore store = open();
            qdrant.clearCalls();

            store.upsert("page", chunks("page", 3));

            assertThat(qdrant.calls()).extracting(FakeQdrantServer.RecordedCall::method)
                    .containsExactly(PointsGrpc.getUpsertMethod().getFullMethodName(),
                            PointsGrpc.getDeleteMethod().getFullMethodName());
            List<Condition> must = qdrant.requests(PointsGrpc.getDeleteMethod()).getFirst()
                    .getPoints().getFilter().getMustList();
            assertThat(must).anySatisfy(c -> {
                assertThat(c.getField().getKey()).isEqualTo("chunk_index");
                assertThat(c.getField().getRange().getGte()).isEqualTo(3.0);
            });
            assertThat(must).anySatisfy(c -> assertThat(c.getField().getMatch().getKeyword()).isEqualTo("page"));
        }

        @Test
        void shouldLeaveTheSamePointsWhenTheSameUpsertIsReplayed() {
            QdrantVectorStore store = open();
            store.upsert("page", chunks("page", 300));
            var before = qdrant.points(COLLECTION);

            store.upsert("page", chunks("page", 300));

            assertThat(qdrant.pointCount(COLLECTION)).isEqualTo(300);
            assertThat(qdrant.points(COLLECTION).keySet()).isEqualTo(before.keySet());
        }

        @Test
        void shouldDeleteEveryChunkOfTheDocumentWhenItHasNoneLeft() {
            QdrantVectorStore store = open();
            store.upsert("page", chunks("page", 4));
            store.upsert("other", chunks("other", 1));

            store.upsert("page", List.of());

            assertThat(storedChunkIndexes("page")).isEmpty();
            assertThat(storedChunkIndexes("other")).containsExactly(0);
        }

        @Test
        void shouldRejectChunkIndexesWithAGapWithoutWritingAnything() {
            QdrantVectorStore store = open();
            qdrant.clearCalls();
            List<IndexedChunk> gap = List.of(chunk("d", 0, "https://a.org/", 1, 0, 0, 0),
                    chunk("d", 2, "https://a.org/", 0, 1, 0, 0));

            assertThatThrownBy(() -> store.upsert("d", gap))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_REJECTED);
                        assertThat(e.stage()).isEqualTo(Stage.VECTOR_UPSERT);
                        assertThat(e.getMessage()).contains("chunk indexes must be 0..1");
                    });
            assertThat(qdrant.calls()).isEmpty();
        }

        @Test
        void shouldRejectAVectorOfTheWrongSizeWithoutWritingAnything() {
            QdrantVectorStore store = open();
            qdrant.clearCalls();

            assertThatThrownBy(() -> store.upsert("d", List.of(chunk("d", 0, "https://a.org/", 1, 2, 3))))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.getMessage()).contains("3 dimensions").contains(String.valueOf(DIMS))
                                .doesNotContain("text 0 of d");
                    });
            assertThat(qdrant.calls()).isEmpty();
        }

        @Test
        void shouldRejectAChunkWithoutVector() {
            QdrantVectorStore store = open();

            assertThatThrownBy(() -> store.upsert("d", List.of(chunk("d", 0, "https://a.org/", (float[]) null))))
                    .isInstanceOfSatisfying(IndexingException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("no vector");
        }

        @Test
        void shouldRejectAChunkOfAnotherDocument() {
            QdrantVectorStore store = open();

            assertThatThrownBy(() -> store.upsert("d", List.of(chunk("e", 0, "https://a.org/", 1, 0, 0, 0))))
                    .isInstanceOf(IndexingException.class)
                    .hasMessageContaining("another document");
        }

        @Test
        void shouldRejectAChunkWhoseIdIsNotItsChunkId() {
            QdrantVectorStore store = open();
            IndexedChunk wrongId = new IndexedChunk("not-the-id", "d", 0, "https://a.org/", "a.org", "", "", "",
                    "t", new float[] {1, 0, 0, 0});

            assertThatThrownBy(() -> store.upsert("d", List.of(wrongId)))
                    .isInstanceOf(IndexingException.class)
                    .hasMessageContaining("ChunkIds.of");
        }
    }

    @Nested
    class UpsertAll {

        @Test
        void shouldWriteSeveralDocumentsInOneRequestAndDeleteEveryStaleTailWithOneMore() {
            QdrantVectorStore store = open();
            store.upsert("shrinking", chunks("shrinking", 5));
            store.upsert("same", chunks("same", 4));
            store.upsert("emptied", chunks("emptied", 3));
            store.upsert("bystander", chunks("bystander", 3));
            qdrant.clearCalls();

            store.upsertAll(List.of(new DocumentChunks("shrinking", chunks("shrinking", 2)),
                    new DocumentChunks("same", chunks("same", 4)),
                    new DocumentChunks("emptied", List.of()),
                    new DocumentChunks("new", chunks("new", 3))));

            assertThat(storedChunkIndexes("shrinking")).containsExactly(0, 1);
            assertThat(storedChunkIndexes("same")).containsExactly(0, 1, 2, 3);
            assertThat(storedChunkIndexes("emptied")).isEmpty();
            assertThat(storedChunkIndexes("new")).containsExactly(0, 1, 2);
            assertThat(storedChunkIndexes("bystander")).as("a document not written").containsExactly(0, 1, 2);
            assertThat(qdrant.calls()).extracting(FakeQdrantServer.RecordedCall::method)
                    .containsExactly(PointsGrpc.getUpsertMethod().getFullMethodName(),
                            PointsGrpc.getDeleteMethod().getFullMethodName());
            assertThat(qdrant.requests(PointsGrpc.getUpsertMethod()).getFirst().getPointsCount()).isEqualTo(9);
            assertThat(qdrant.requests(PointsGrpc.getDeleteMethod()).getFirst().getPoints().getFilter())
                    .satisfies(filter -> {
                        assertThat(filter.getMustCount()).isZero();
                        assertThat(filter.getShouldList()).hasSize(4).allMatch(Condition::hasFilter);
                    });
        }

        @Test
        void shouldSplitThePointsOfAllDocumentsByTheBatchSize() {
            QdrantVectorStore store = open(config().withUpsertBatchSize(4));
            qdrant.clearCalls();

            store.upsertAll(List.of(new DocumentChunks("a", chunks("a", 3)), new DocumentChunks("b", chunks("b", 3)),
                    new DocumentChunks("c", chunks("c", 3))));

            assertThat(qdrant.requests(PointsGrpc.getUpsertMethod()))
                    .extracting(UpsertPoints::getPointsCount)
                    .containsExactly(4, 4, 1);
            assertThat(qdrant.requests(PointsGrpc.getDeleteMethod())).hasSize(1);
            assertThat(qdrant.pointCount(COLLECTION)).isEqualTo(9);
        }

        @Test
        void shouldRejectAnInvalidDocumentByNameWithoutWritingAnyOfThem() {
            QdrantVectorStore store = open();
            qdrant.clearCalls();
            List<IndexedChunk> wrongSize = List.of(chunk("bad", 0, "https://a.org/", 1, 2, 3));

            assertThatThrownBy(() -> store.upsertAll(List.of(new DocumentChunks("good", chunks("good", 2)),
                    new DocumentChunks("bad", wrongSize))))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_REJECTED);
                        assertThat(e.getMessage()).startsWith("document bad cannot go to Qdrant");
                    });
            assertThat(qdrant.calls()).isEmpty();
        }

        @Test
        void shouldRefuseADocumentTwiceInOneCall() {
            QdrantVectorStore store = open();
            qdrant.clearCalls();

            assertThatThrownBy(() -> store.upsertAll(List.of(new DocumentChunks("d", chunks("d", 2)),
                    new DocumentChunks("d", chunks("d", 1)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("document d appears twice");
            assertThat(qdrant.calls()).isEmpty();
        }

        @Test
        void shouldSendNothingForNoDocuments() {
            QdrantVectorStore store = open();
            qdrant.clearCalls();

            store.upsertAll(List.of());

            assertThat(qdrant.calls()).isEmpty();
        }
    }

    @Nested
    class Delete {

        @Test
        void shouldDeleteEveryChunkOfTheDocumentAndNoOther() {
            QdrantVectorStore store = open();
            store.upsert("gone", chunks("gone", 300));
            store.upsert("kept", chunks("kept", 2));

            store.delete("gone");

            assertThat(storedChunkIndexes("gone")).isEmpty();
            assertThat(storedChunkIndexes("kept")).containsExactly(0, 1);
        }

        @Test
        void shouldTreatAnUnknownDocumentAsNoError() {
            QdrantVectorStore store = open();

            store.delete("never-seen");

            assertThat(qdrant.pointCount(COLLECTION)).isZero();
        }
    }

    @Nested
    class Search {
        private QdrantVectorStore store;

        @BeforeEach
        void index() {
            store = open();
            store.upsert("os", List.of(
                    chunk("os", 0, "https://docs.python.org/3/library/os.html", 1, 0, 0, 0),
                    chunk("os", 1, "https://docs.python.org/3/library/os.html", 0.9f, 0.1f, 0, 0)));
            store.upsert("tut", List.of(
                    chunk("tut", 0, "https://docs.python.org/3/tutorial/index.html", 0.8f, 0.6f, 0, 0)));
            store.upsert("lib", List.of(
                    chunk("lib", 0, "https://docs.python.org/3/lib.html", 0.7f, 0.7f, 0, 0)));
            store.upsert("java", List.of(new IndexedChunk(ChunkIds.of("java", 0), "java", 0,
                    "https://docs.oracle.com/en/java/", "docs.oracle.com", "Java", "", "de", "Java text",
                    new float[] {0.95f, 0.05f, 0, 0})));
        }

        private List<String> documentsOf(List<ScoredChunk> hits) {
            return hits.stream().map(h -> h.chunk().documentId() + "#" + h.chunk().chunkIndex()).toList();
        }

        @Test
        void shouldReturnTheNearestChunksBestFirstWithQdrantsCosineScores() {
            List<ScoredChunk> hits = store.search(new float[] {2, 0, 0, 0}, 3, SearchFilter.NONE);

            assertThat(documentsOf(hits)).containsExactly("os#0", "java#0", "os#1");
            assertThat(hits.get(0).score()).isCloseTo(1.0f, within(1e-6f));
            assertThat(hits.get(2).score()).isCloseTo((float) (0.9 / Math.sqrt(0.82)), within(1e-5f));
            assertThat(hits).extracting(ScoredChunk::score).isSortedAccordingTo((a, b) -> Float.compare(b, a));
        }

        @Test
        void shouldReturnChunksWithTheirFieldsButWithoutVectors() {
            ScoredChunk best = store.search(new float[] {1, 0, 0, 0}, 1, SearchFilter.NONE).getFirst();

            assertThat(best.chunk()).isEqualTo(new IndexedChunk(ChunkIds.of("os", 0), "os", 0,
                    "https://docs.python.org/3/library/os.html", "docs.python.org", "Title of os", "Intro > Part 0",
                    "en", "text 0 of os", null));
        }

        @Test
        void shouldFilterByDomain() {
            List<ScoredChunk> hits = store.search(new float[] {1, 0, 0, 0}, 10,
                    new SearchFilter("docs.oracle.com", null, null));

            assertThat(documentsOf(hits)).containsExactly("java#0");
        }

        @Test
        void shouldFilterByLanguage() {
            List<ScoredChunk> hits = store.search(new float[] {1, 0, 0, 0}, 10, new SearchFilter(null, null, "en"));

            assertThat(documentsOf(hits)).containsExactly("os#0", "os#1", "tut#0", "lib#0");
        }

        @Test
        void shouldFilterByAUrlPrefixEndingWithASlashInsideQdrantInOneRequest() {
            qdrant.clearCalls();

            List<ScoredChunk> hits = store.search(new float[] {1, 0, 0, 0}, 10,
                    new SearchFilter(null, "https://docs.python.org/3/library/", null));

            assertThat(documentsOf(hits)).containsExactly("os#0", "os#1");
            assertThat(qdrant.requests(PointsGrpc.getSearchMethod())).singleElement().satisfies(r -> {
                assertThat(r.getLimit()).isEqualTo(10);
                assertThat(r.getFilter().getMustList()).singleElement().satisfies(c -> {
                    assertThat(c.getField().getKey()).isEqualTo("url_prefixes");
                    assertThat(c.getField().getMatch().getKeyword()).isEqualTo("https://docs.python.org/3/library/");
                });
            });
        }

        @Test
        void shouldFilterByAUrlPrefixEndingInsideAPathSegmentLikeStartsWith() {
            List<ScoredChunk> hits = store.search(new float[] {1, 0, 0, 0}, 10,
                    new SearchFilter(null, "https://docs.python.org/3/li", null));

            assertThat(documentsOf(hits)).containsExactly("os#0", "os#1", "lib#0");
        }

        @Test
        void shouldPageThroughQdrantsResultsUntilEnoughMatchTheUrlPrefix() {
            List<IndexedChunk> near = new ArrayList<>();
            for (int i = 0; i < 12; i++) { // all nearer to the query than lib#0, none under the prefix
                near.add(chunk("near", i, "https://docs.python.org/3/library/x.html", 1, 0.01f * i, 0, 0));
            }
            store.upsert("near", near);
            qdrant.clearCalls();

            List<ScoredChunk> hits = store.search(new float[] {1, 0, 0, 0}, 1,
                    new SearchFilter(null, "https://docs.python.org/3/lib.", null));

            assertThat(documentsOf(hits)).containsExactly("lib#0");
            assertThat(qdrant.requests(PointsGrpc.getSearchMethod()))
                    .extracting(SearchPoints::getOffset)
                    .startsWith(0L, 4L);
        }

        @Test
        void shouldCombineFilters() {
            List<ScoredChunk> hits = store.search(new float[] {1, 0, 0, 0}, 10,
                    new SearchFilter("docs.python.org", "https://docs.python.org/3/", "en"));

            assertThat(documentsOf(hits)).containsExactly("os#0", "os#1", "tut#0", "lib#0");
            assertThat(store.search(new float[] {1, 0, 0, 0}, 10,
                    new SearchFilter("docs.python.org", null, "de"))).isEmpty();
        }

        @Test
        void shouldReturnAtMostK() {
            assertThat(store.search(new float[] {1, 1, 1, 1}, 2, null)).hasSize(2);
        }

        @Test
        void shouldRefuseAQueryVectorOfAnotherSize() {
            assertThatThrownBy(() -> store.search(new float[] {1, 0}, 3, SearchFilter.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("qdrant.vector.size");
        }
    }

    @Nested
    class Errors {

        @ParameterizedTest
        @EnumSource(value = Status.Code.class,
                names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "INTERNAL"})
        void shouldReportTransientFailuresAsRetriable(Status.Code code) {
            QdrantVectorStore store = open();
            qdrant.failNext(PointsGrpc.getUpsertMethod(), code.toStatus().withDescription("try later"));

            assertThatThrownBy(() -> store.upsert("doc-1", chunks("doc-1", 2)))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_UNAVAILABLE);
                        assertThat(e.stage()).isEqualTo(Stage.VECTOR_UPSERT);
                        assertThat(e.getMessage()).contains("doc-1", COLLECTION, code.name(), "try later")
                                .doesNotContain("text 0 of doc-1");
                    });
        }

        @ParameterizedTest
        @EnumSource(value = Status.Code.class, names = {"INVALID_ARGUMENT", "NOT_FOUND", "FAILED_PRECONDITION",
                "PERMISSION_DENIED", "UNAUTHENTICATED", "ALREADY_EXISTS", "UNIMPLEMENTED"})
        void shouldReportRefusalsAsPermanent(Status.Code code) {
            QdrantVectorStore store = open();
            qdrant.failNext(PointsGrpc.getUpsertMethod(), code.toStatus());

            assertThatThrownBy(() -> store.upsert("doc-1", chunks("doc-1", 2)))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_REJECTED);
                    });
        }

        @Test
        void shouldReportQdrantsOwnRejectionOfAMissingCollectionAsPermanent() {
            QdrantVectorStore store = open();
            qdrant.dropCollection(COLLECTION);

            assertThatThrownBy(() -> store.upsert("doc-1", chunks("doc-1", 2)))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.getMessage()).contains("NOT_FOUND", "doesn't exist");
                    });
        }

        @Test
        void shouldEndACallQdrantNeverAnswersAtTheTimeoutAsRetriable() {
            QdrantVectorStore store = open(config().withTimeout(Duration.ofMillis(200)));
            qdrant.neverAnswerNext(PointsGrpc.getSearchMethod());

            assertThatThrownBy(() -> store.search(new float[] {1, 0, 0, 0}, 1, SearchFilter.NONE))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.getMessage()).contains("DEADLINE_EXCEEDED");
                    });
        }

        @Test
        void shouldReachTheRightStateWhenAFailedUpsertIsRetried() {
            QdrantVectorStore store = open();
            store.upsert("page", chunks("page", 5));
            qdrant.failNext(PointsGrpc.getDeleteMethod(), Status.UNAVAILABLE);

            assertThatThrownBy(() -> store.upsert("page", chunks("page", 2))).isInstanceOf(IndexingException.class);
            assertThat(storedChunkIndexes("page")).as("upserted, tail not yet removed").hasSize(5);

            store.upsert("page", chunks("page", 2));

            assertThat(storedChunkIndexes("page")).containsExactly(0, 1);
        }

        @Test
        void shouldReportSearchAndDeleteFailuresTheSameWay() {
            QdrantVectorStore store = open();
            qdrant.failNext(PointsGrpc.getSearchMethod(), Status.UNAVAILABLE);
            qdrant.failNext(PointsGrpc.getDeleteMethod(), Status.INVALID_ARGUMENT);

            assertThatThrownBy(() -> store.search(new float[] {1, 0, 0, 0}, 1, SearchFilter.NONE))
                    .isInstanceOfSatisfying(IndexingException.class, e -> assertThat(e.retriable()).isTrue());
            assertThatThrownBy(() -> store.delete("doc-1"))
                    .isInstanceOfSatisfying(IndexingException.class, e -> assertThat(e.retriable()).isFalse());
        }
    }

    @Test
    void shouldShutItsChannelDownOnClose() {
        ManagedChannel channel = qdrant.newChannel();
        QdrantVectorStore store = QdrantVectorStore.open(config(), channel);

        store.close();

        assertThat(channel.isShutdown()).isTrue();
    }
}
