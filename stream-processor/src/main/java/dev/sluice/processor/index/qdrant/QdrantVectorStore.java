package dev.sluice.processor.index.qdrant;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.DocumentChunks;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.schemas.Stage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.PayloadExcludeSelector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VectorStore} on Qdrant, over gRPC with the official client. Safe for concurrent use.
 *
 * <p>One point per chunk: its id is the chunk id ({@link ChunkIds}, a UUIDv5 of document id and chunk index), so a
 * replay overwrites the same points. {@link #upsertAll} writes the points of its documents in requests of at most
 * {@code qdrant.upsert.batch.size} (several documents may share one), then deletes, in one request, each document's
 * points from chunk index {@code chunks.size()} on, the tail a shorter new version no longer has ({@link #upsert} is
 * the same for one document). Both steps are idempotent, so a retry after a failure between them is safe, and they
 * touch disjoint points (for each document, indexes below and from {@code chunks.size()}; a document appears at most
 * once per call, and the delete filter names each document), so their order does not matter either — not even with
 * {@code wait=false} or Qdrant's weak write ordering in a cluster.
 *
 * <p>Search filters are {@code must} conditions on keyword-indexed payload: {@code domain}, {@code language}, and for
 * URL prefixes {@code url_prefixes} (see {@link UrlPrefixes} for why and how).
 *
 * <p>Failures are {@link IndexingException}s of stage {@code VECTOR_UPSERT}: {@code VECTOR_STORE_UNAVAILABLE}
 * (retriable: Qdrant unreachable, timed out, overloaded or failing internally) or {@code VECTOR_STORE_REJECTED}
 * (permanent: Qdrant refused the request, or the chunks are not a valid document).
 */
public final class QdrantVectorStore implements VectorStore {
    private static final Logger LOG = LoggerFactory.getLogger(QdrantVectorStore.class);

    /** A URL-prefix filter checked on results fetches {@code k} times this many candidates per page. */
    static final int POST_FILTER_PAGE_FACTOR = 4;
    /** Most candidates a post-filtered search looks at before it returns what it found. */
    static final int MAX_POST_FILTER_CANDIDATES = 10_000;

    /** The stored URL prefixes are only for filtering: results leave them out. */
    private static final WithPayloadSelector PAYLOAD_WITHOUT_PREFIXES = WithPayloadSelector.newBuilder()
            .setExclude(PayloadExcludeSelector.newBuilder().addFields(QdrantPoints.URL_PREFIXES))
            .build();

    private final QdrantConfig config;
    private final QdrantGrpcClient grpc;
    private final QdrantCalls calls;
    /** Qdrant's own timeout for a request, in whole seconds (it has no finer unit); the gRPC deadline is exact. */
    private final long serverTimeoutSeconds;

    private QdrantVectorStore(QdrantConfig config, QdrantGrpcClient grpc) {
        this.config = config;
        this.grpc = grpc;
        this.calls = new QdrantCalls(config.collection(), config.timeout());
        this.serverTimeoutSeconds = Math.max(1, (config.timeout().toMillis() + 999) / 1000);
    }

    /**
     * Connects to the Qdrant {@code config} names and makes sure the collection is ready
     * ({@link #open(QdrantConfig, ManagedChannel)}).
     */
    public static QdrantVectorStore open(QdrantConfig config) {
        ManagedChannelBuilder<?> channel = ManagedChannelBuilder.forAddress(config.host(), config.port())
                .userAgent("sluice");
        if (config.useTls()) {
            channel.useTransportSecurity();
        } else {
            channel.usePlaintext();
        }
        return open(config, channel.build());
    }

    /**
     * A store talking to Qdrant through {@code channel} (which it shuts down on {@link #close()}; host, port and TLS
     * of {@code config} are then not used). Creates the collection if it is missing — one unnamed vector of
     * {@code qdrant.vector.size} floats, cosine — and the payload indexes the store filters on.
     *
     * @throws IllegalStateException if the collection exists with another vector size or distance
     * @throws IndexingException     if Qdrant cannot be reached or refuses
     */
    public static QdrantVectorStore open(QdrantConfig config, ManagedChannel channel) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(channel, "channel");
        // No version check: it is a blocking call without deadline inside the builder; ensureCollection() is our
        // first call and has one.
        QdrantGrpcClient.Builder builder = QdrantGrpcClient.newBuilder(channel, true, false)
                .withTimeout(config.timeout());
        if (config.apiKey() != null) {
            builder.withApiKey(config.apiKey());
        }
        QdrantVectorStore store = new QdrantVectorStore(config, builder.build());
        try {
            new QdrantCollectionSetup(store.grpc, store.calls, config).ensureCollection();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info("Qdrant vector store ready: {}", config);
        return store;
    }

    @Override
    public void upsert(String documentId, List<IndexedChunk> chunks) {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(chunks, "chunks");
        upsertAll(List.of(new DocumentChunks(documentId, chunks)));
    }

    /**
     * Writes the points of all {@code documents} in requests of at most {@code qdrant.upsert.batch.size} (points of
     * several documents share a request), then deletes every document's stale tail with one request. Every document
     * is checked before anything is sent: an invalid one fails the whole call with a permanent
     * {@code VECTOR_STORE_REJECTED} naming it, and nothing is written.
     *
     * @throws IllegalArgumentException if a document appears twice (its points would not be disjoint)
     */
    @Override
    public void upsertAll(List<DocumentChunks> documents) {
        Objects.requireNonNull(documents, "documents");
        Set<String> ids = new HashSet<>();
        for (DocumentChunks document : documents) {
            if (!ids.add(document.documentId())) {
                throw new IllegalArgumentException("document " + document.documentId() + " appears twice in one "
                        + "upsert: its writes would overlap");
            }
            checkDocument(document.documentId(), document.chunks());
        }
        if (documents.isEmpty()) {
            return;
        }
        String what = documents.size() == 1 ? "document " + documents.getFirst().documentId()
                : documents.size() + " documents";
        List<PointStruct> points = new ArrayList<>();
        List<Filter> stale = new ArrayList<>(documents.size());
        for (DocumentChunks document : documents) {
            document.chunks().forEach(chunk -> points.add(QdrantPoints.toPoint(chunk)));
            stale.add(QdrantFilters.staleChunks(document.documentId(), document.chunks().size()));
        }
        int batchSize = config.upsertBatchSize();
        for (int from = 0; from < points.size(); from += batchSize) {
            List<PointStruct> batch = points.subList(from, Math.min(points.size(), from + batchSize));
            UpsertPoints request = UpsertPoints.newBuilder()
                    .setCollectionName(config.collection())
                    .setWait(config.waitForWrites())
                    .addAllPoints(batch)
                    .setTimeout(serverTimeoutSeconds)
                    .build();
            String operation = "upsert of " + batch.size() + " points of " + what;
            checkApplied(calls.await(grpc.points().upsert(request), operation), operation);
        }
        deleteWhere(QdrantFilters.anyOf(stale), "delete of stale chunks of " + what);
        LOG.debug("Upserted {} chunks of {} into Qdrant collection '{}'", points.size(), what, config.collection());
    }

    /** Qdrant's own health check (gRPC {@code Qdrant/HealthCheck}). */
    @Override
    public void probe() {
        calls.await(grpc.qdrant().healthCheck(HealthCheckRequest.getDefaultInstance()), "health check");
    }

    @Override
    public void delete(String documentId) {
        Objects.requireNonNull(documentId, "documentId");
        deleteWhere(QdrantFilters.document(documentId), "delete of document " + documentId);
    }

    @Override
    public List<ScoredChunk> search(float[] vector, int k, SearchFilter filter) {
        Objects.requireNonNull(vector, "vector");
        if (vector.length != config.vectorSize()) {
            throw new IllegalArgumentException("query vector must have " + config.vectorSize()
                    + " dimensions (qdrant.vector.size) but had " + vector.length);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1 but was " + k);
        }
        SearchFilter f = filter == null ? SearchFilter.NONE : filter;
        SearchPoints.Builder request = SearchPoints.newBuilder()
                .setCollectionName(config.collection())
                .setWithPayload(PAYLOAD_WITHOUT_PREFIXES)
                .setTimeout(serverTimeoutSeconds);
        for (float x : vector) {
            request.addVector(x);
        }
        Filter qdrantFilter = QdrantFilters.search(f);
        if (qdrantFilter != null) {
            request.setFilter(qdrantFilter);
        }
        if (f.urlPrefix() == null || UrlPrefixes.isExactlyIndexed(f.urlPrefix())) {
            return toChunks(search(request.setLimit(k)), k, null);
        }
        return searchCheckingPrefix(request, k, f.urlPrefix());
    }

    /** Closes the connection to Qdrant. */
    @Override
    public void close() {
        grpc.close();
    }

    /**
     * Pages through Qdrant's results, keeping those whose URL starts with {@code urlPrefix}, until {@code k} are found,
     * the results run out, or {@value #MAX_POST_FILTER_CANDIDATES} candidates were seen.
     */
    private List<ScoredChunk> searchCheckingPrefix(SearchPoints.Builder request, int k, String urlPrefix) {
        int pageSize = (int) Math.min(MAX_POST_FILTER_CANDIDATES, (long) k * POST_FILTER_PAGE_FACTOR);
        List<ScoredChunk> found = new ArrayList<>(k);
        for (int offset = 0; found.size() < k && offset < MAX_POST_FILTER_CANDIDATES; offset += pageSize) {
            List<ScoredPoint> page = search(request.setLimit(pageSize).setOffset(offset));
            found.addAll(toChunks(page, k - found.size(), urlPrefix));
            if (page.size() < pageSize) {
                break;
            }
        }
        return found;
    }

    private List<ScoredPoint> search(SearchPoints.Builder request) {
        return calls.await(grpc.points().search(request.build()), "search").getResultList();
    }

    private List<ScoredChunk> toChunks(List<ScoredPoint> points, int max, String urlPrefix) {
        List<ScoredChunk> chunks = new ArrayList<>(Math.min(max, points.size()));
        for (ScoredPoint point : points) {
            if (chunks.size() == max) {
                break;
            }
            var chunk = QdrantPoints.toScoredChunk(point);
            if (chunk.isEmpty()) {
                LOG.warn("Skipping point {} of Qdrant collection '{}': it lacks the payload Sluice writes",
                        point.getId(), config.collection());
            } else if (urlPrefix == null || UrlPrefixes.matches(chunk.get().chunk().url(), urlPrefix)) {
                chunks.add(chunk.get());
            }
        }
        return chunks;
    }

    private void deleteWhere(Filter filter, String operation) {
        DeletePoints request = DeletePoints.newBuilder()
                .setCollectionName(config.collection())
                .setWait(config.waitForWrites())
                .setPoints(PointsSelector.newBuilder().setFilter(filter))
                .setTimeout(serverTimeoutSeconds)
                .build();
        checkApplied(calls.await(grpc.points().delete(request), operation), operation);
    }

    /** Qdrant may answer a write it could not finish waiting for with a status instead of an error. */
    private void checkApplied(PointsOperationResponse response, String operation) {
        UpdateStatus status = response.getResult().getStatus();
        if (status == UpdateStatus.WaitTimeout || status == UpdateStatus.ClockRejected) {
            throw IndexingException.retriable(ErrorCodes.VECTOR_STORE_UNAVAILABLE, Stage.VECTOR_UPSERT,
                    "Qdrant " + operation + " on collection '" + config.collection() + "' was not applied: " + status,
                    null);
        }
    }

    /**
     * The chunks must be exactly the document's chunks 0..n-1, with the ids and vectors the store relies on: the tail
     * delete removes every chunk index from n on, so a gap would delete chunks just written.
     */
    private void checkDocument(String documentId, List<IndexedChunk> chunks) {
        boolean[] seen = new boolean[chunks.size()];
        for (IndexedChunk chunk : chunks) {
            int index = chunk.chunkIndex();
            if (!chunk.documentId().equals(documentId)) {
                throw rejected(documentId, "has a chunk of another document");
            }
            if (index < 0 || index >= chunks.size() || seen[index]) {
                throw rejected(documentId, "chunk indexes must be 0.." + (chunks.size() - 1)
                        + ", each once, but " + index + " is " + (index < 0 || index >= chunks.size()
                                ? "out of range" : "repeated"));
            }
            seen[index] = true;
            if (!chunk.chunkId().equals(ChunkIds.of(documentId, index))) {
                throw rejected(documentId, "chunk " + index + " has id " + chunk.chunkId()
                        + " instead of ChunkIds.of(documentId, chunkIndex)");
            }
            float[] vector = chunk.vector();
            if (vector == null) {
                throw rejected(documentId, "chunk " + index + " has no vector");
            }
            if (vector.length != config.vectorSize()) {
                throw rejected(documentId, "chunk " + index + " has a vector of " + vector.length
                        + " dimensions but the collection holds " + config.vectorSize());
            }
            for (float x : vector) {
                if (!Float.isFinite(x)) {
                    throw rejected(documentId, "chunk " + index + " has a vector with a non-finite value");
                }
            }
        }
    }

    private IndexingException rejected(String documentId, String problem) {
        return IndexingException.permanent(ErrorCodes.VECTOR_STORE_REJECTED, Stage.VECTOR_UPSERT,
                "document " + documentId + " cannot go to Qdrant collection '" + config.collection() + "': "
                        + problem);
    }
}
