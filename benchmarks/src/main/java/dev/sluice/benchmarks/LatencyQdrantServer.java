package dev.sluice.benchmarks;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.PointsGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Qdrant for the latency model: a gRPC server (HTTP/2 on a loopback port) speaking the Collections and Points services
 * the processor's {@code QdrantVectorStore} calls, which stores nothing. Upserts and deletes cost what
 * {@link LatencyModel.Qdrant} charges for their points (a delete by filter names none: it costs the fixed part), and
 * at most {@code concurrency} of them are in service at once; the rest wait. With the reference costs, 20 upserts of
 * 25 points at once, 100 ms each: 200 upserts/s. Collection calls answer at once; searches answer empty.
 */
final class LatencyQdrantServer implements AutoCloseable {
    private final Server server;
    private final ExecutorService writes;
    private final LatencyModel.Qdrant cost;
    private final Map<String, VectorParams> collections = new ConcurrentHashMap<>();
    private final Map<String, Map<String, PayloadSchemaType>> indexes = new ConcurrentHashMap<>();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong upserts = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong points = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong measuredSince = new AtomicLong(System.nanoTime());

    LatencyQdrantServer(LatencyModel.Qdrant cost) {
        this.cost = cost;
        this.writes = Executors.newFixedThreadPool(cost.concurrency(), Thread.ofPlatform().daemon()
                .name("qdrant-model-", 0).factory());
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                            InsecureServerCredentials.create())
                    .addService(new CollectionsService())
                    .addService(new PointsService())
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Qdrant model", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, as {@code QdrantConfig.forUrl} takes it. */
    String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    /**
     * What the server did since the last call: upserts, deletes, points, and how busy its request slots were (time in
     * service over {@code concurrency} × the time elapsed); resets.
     */
    Usage drainUsage() {
        long now = System.nanoTime();
        long elapsed = now - measuredSince.getAndSet(now);
        long busy = busyNanos.getAndSet(0);
        return new Usage(upserts.getAndSet(0), deletes.getAndSet(0), points.getAndSet(0),
                elapsed > 0 ? (double) busy / (elapsed * (double) cost.concurrency()) : 0);
    }

    /** What the model served over a measurement; {@code busy} is the share of its slots' time used, 0–1. */
    record Usage(long upserts, long deletes, long points, double busy) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Qdrant %d upserts of %d points, %d deletes, slots %.0f %% busy",
                    upserts, points, deletes, busy * 100);
        }
    }

    /** Answers {@code response} once a slot has served a request of {@code requestPoints} points. */
    private <T> void charge(int requestPoints, StreamObserver<T> observer, T response) {
        writes.execute(() -> {
            long start = System.nanoTime();
            try {
                LatencyTeiServer.sleepMs(cost.ms(requestPoints));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            busyNanos.addAndGet(System.nanoTime() - start);
            answer(observer, response);
        });
    }

    private UpdateResult completed() {
        return UpdateResult.newBuilder().setOperationId(operations.incrementAndGet())
                .setStatus(UpdateStatus.Completed).build();
    }

    private final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {
        @Override
        public void collectionExists(CollectionExistsRequest request,
                StreamObserver<CollectionExistsResponse> observer) {
            answer(observer, CollectionExistsResponse.newBuilder().setResult(CollectionExists.newBuilder()
                    .setExists(collections.containsKey(request.getCollectionName()))).build());
        }

        @Override
        public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> observer) {
            collections.putIfAbsent(request.getCollectionName(), request.getVectorsConfig().getParams());
            answer(observer, CollectionOperationResponse.newBuilder().setResult(true).build());
        }

        @Override
        public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> observer) {
            VectorParams params = collections.get(request.getCollectionName());
            if (params == null) {
                observer.onError(io.grpc.Status.NOT_FOUND.withDescription("Collection `"
                        + request.getCollectionName() + "` doesn't exist!").asRuntimeException());
                return;
            }
            CollectionInfo.Builder info = CollectionInfo.newBuilder().setStatus(CollectionStatus.Green)
                    .setSegmentsCount(1)
                    .setConfig(CollectionConfig.newBuilder().setParams(CollectionParams.newBuilder()
                            .setShardNumber(1).setVectorsConfig(VectorsConfig.newBuilder().setParams(params))));
            indexes.getOrDefault(request.getCollectionName(), Map.of()).forEach((field, type) ->
                    info.putPayloadSchema(field, PayloadSchemaInfo.newBuilder().setDataType(type).build()));
            answer(observer, GetCollectionInfoResponse.newBuilder().setResult(info).build());
        }
    }

    private final class PointsService extends PointsGrpc.PointsImplBase {
        @Override
        public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> observer) {
            upserts.incrementAndGet();
            points.addAndGet(request.getPointsCount());
            charge(request.getPointsCount(), observer,
                    PointsOperationResponse.newBuilder().setResult(completed()).build());
        }

        @Override
        public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> observer) {
            deletes.incrementAndGet();
            int named = request.getPoints().hasPoints() ? request.getPoints().getPoints().getIdsCount() : 0;
            charge(named, observer, PointsOperationResponse.newBuilder().setResult(completed()).build());
        }

        @Override
        public void search(SearchPoints request, StreamObserver<SearchResponse> observer) {
            answer(observer, SearchResponse.getDefaultInstance());
        }

        @Override
        public void createFieldIndex(CreateFieldIndexCollection request,
                StreamObserver<PointsOperationResponse> observer) {
            indexes.computeIfAbsent(request.getCollectionName(), c -> new ConcurrentHashMap<>())
                    .put(request.getFieldName(), schemaType(request.getFieldType()));
            answer(observer, PointsOperationResponse.newBuilder().setResult(completed()).build());
        }
    }

    private static PayloadSchemaType schemaType(io.qdrant.client.grpc.Points.FieldType type) {
        return switch (type) {
            case FieldTypeKeyword -> PayloadSchemaType.Keyword;
            case FieldTypeInteger -> PayloadSchemaType.Integer;
            case FieldTypeFloat -> PayloadSchemaType.Float;
            case FieldTypeGeo -> PayloadSchemaType.Geo;
            case FieldTypeText -> PayloadSchemaType.Text;
            case FieldTypeBool -> PayloadSchemaType.Bool;
            case FieldTypeDatetime -> PayloadSchemaType.Datetime;
            case FieldTypeUuid -> PayloadSchemaType.Uuid;
            default -> PayloadSchemaType.UnknownType;
        };
    }

    private static <T> void answer(StreamObserver<T> observer, T response) {
        observer.onNext(response);
        observer.onCompleted();
    }

    @Override
    public void close() {
        server.shutdownNow();
        writes.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
