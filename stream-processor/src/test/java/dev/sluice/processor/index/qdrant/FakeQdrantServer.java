package dev.sluice.processor.index.qdrant;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A Qdrant for tests: a real gRPC server, built from the client jar's own service stubs, that answers as Qdrant does
 * for what Sluice uses — reusable by any test that needs a Qdrant.
 *
 * <p><b>What it does.</b> Collections ({@code Create}, {@code Get}, {@code CollectionExists}, {@code List},
 * {@code Delete}) with one unnamed dense vector each; points ({@code Upsert} overwriting by id, {@code Delete} by ids or
 * by filter, {@code Search} by cosine or dot product with {@code limit}, {@code offset}, {@code score_threshold} and
 * payload selection, {@code Count}, {@code CreateFieldIndex}); {@code HealthCheck}. Filters: {@code must},
 * {@code should}, {@code must_not}, nested filters, {@code has_id}, and field conditions with keyword, integer,
 * boolean and any-of matches and numeric ranges — an array payload matches when any element does, as in Qdrant.
 * Errors use Qdrant's status codes: NOT_FOUND for a missing collection, ALREADY_EXISTS for a second create,
 * INVALID_ARGUMENT for a wrong vector dimension or a bad point id; what it does not do is UNIMPLEMENTED. Cosine
 * collections store normalised vectors, so scores are Qdrant's. Payload indexes are recorded (they change no result).
 *
 * <p><b>What it records.</b> Every call, in order, with its request and headers ({@link #calls()},
 * {@link #requests(MethodDescriptor)}), even calls that a fault ended.
 *
 * <p><b>Faults.</b> {@link #failNext} answers the next call(s) of a method with a status instead of running it;
 * {@link #neverAnswerNext} leaves the next call open until the client gives up (its deadline), without any sleep;
 * {@link #beforeNext} changes the state just before a call runs (another client's write racing with it);
 * {@link #down()} takes the whole server away (connections refused) until {@link #up()}.
 *
 * <p>Start it {@link #inProcess()} (in-memory transport, fastest) or {@link #onLocalPort()} (HTTP/2 on a free
 * loopback port, for tests of the network path), connect with {@link #newChannel()}, and close it after.
 */
public final class FakeQdrantServer implements AutoCloseable {

    /** The version the fake reports in {@code HealthCheck}. */
    public static final String VERSION = "1.18.0";

    private static final Metadata.Key<String> API_KEY =
            Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);

    private final Map<String, FakeCollection> collections = new LinkedHashMap<>();
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private volatile Server server;
    private final ServerFactory factory;
    private final List<ServerServiceDefinition> services;
    private final int port;
    private final Object lifecycle = new Object();
    private final AtomicInteger downPeriods = new AtomicInteger();
    private final Supplier<ManagedChannel> channels;
    private long operationIds;

    /** A call as the server received it. */
    public record RecordedCall(String method, Object request, Metadata headers) {
        /** The {@code api-key} header, or {@code null}. */
        public String apiKey() {
            return headers.get(API_KEY);
        }
    }

    /** A point as stored (cosine collections hold the normalised vector, as Qdrant does). */
    public record StoredPoint(String id, float[] vector, Map<String, Value> payload, long version) {}

    private sealed interface Fault permits FailWith, NeverAnswer, RunFirst {}

    private record FailWith(Status status) implements Fault {}

    private record NeverAnswer() implements Fault {}

    private record RunFirst(Runnable action) implements Fault {}

    private FakeQdrantServer(ServerFactory factory) {
        try {
            this.factory = factory;
            this.services = List.of(
                    ServerInterceptors.intercept(new CollectionsService(), new Recorder()),
                    ServerInterceptors.intercept(new PointsService(), new Recorder()),
                    ServerInterceptors.intercept(new HealthService(), new Recorder()));
            this.server = factory.build(services, 0).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake Qdrant", e);
        }
        this.port = server.getPort();
        this.channels = factory.channels(server);
    }

    /** A server on the in-process transport: no socket, messages still go through the gRPC stack. */
    public static FakeQdrantServer inProcess() {
        String name = "fake-qdrant-" + UUID.randomUUID();
        return new FakeQdrantServer(new ServerFactory() {
            @Override
            public Server build(List<ServerServiceDefinition> services, int port) {
                var builder = InProcessServerBuilder.forName(name);
                services.forEach(builder::addService);
                return builder.build();
            }

            @Override
            public Supplier<ManagedChannel> channels(Server server) {
                return () -> InProcessChannelBuilder.forName(name).build();
            }
        });
    }

    /** A server speaking HTTP/2 (plain text) on a free port of the loopback interface. */
    public static FakeQdrantServer onLocalPort() {
        return new FakeQdrantServer(new ServerFactory() {
            @Override
            public Server build(List<ServerServiceDefinition> services, int port) {
                var builder = NettyServerBuilder.forAddress(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        InsecureServerCredentials.create());
                services.forEach(builder::addService);
                return builder.build();
            }

            @Override
            public Supplier<ManagedChannel> channels(Server server) {
                int port = server.getPort(); // the same after down() and up()
                return () -> ManagedChannelBuilder.forAddress(InetAddress.getLoopbackAddress().getHostAddress(),
                        port).usePlaintext().build();
            }
        });
    }

    /** A new channel to this server; whoever gets it shuts it down (a store does on close). */
    public ManagedChannel newChannel() {
        return channels.get();
    }

    /** The TCP port of a server started {@link #onLocalPort()}; -1 in process. */
    public int port() {
        return port;
    }

    /**
     * Stops the server (open calls are cancelled, connections cut, new ones refused), as a Qdrant whose host went away;
     * the data stays for {@link #up()}. Meant for servers started {@link #onLocalPort()}.
     */
    public void down() {
        synchronized (lifecycle) {
            Server current = server;
            if (current == null) {
                return;
            }
            current.shutdownNow();
            try {
                current.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
            downPeriods.incrementAndGet();
        }
    }

    /** Serves again on the same port after {@link #down()}, with the collections and points it had. */
    public void up() {
        synchronized (lifecycle) {
            if (server != null) {
                return;
            }
            try {
                server = factory.build(services, port).start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the fake Qdrant again on port " + port, e);
            }
        }
    }

    /** How often {@link #down()} took the server away. */
    public int downPeriods() {
        return downPeriods.get();
    }

    // ---- state --------------------------------------------------------------------------------------------------

    /** Creates a collection directly (as if someone else had), e.g. one with the wrong vector size. */
    public synchronized void createCollection(String name, int size, Distance distance) {
        collections.put(name, new FakeCollection(VectorParams.newBuilder().setSize(size).setDistance(distance)
                .build()));
    }

    /** Deletes a collection directly (as if someone else had). */
    public synchronized void dropCollection(String name) {
        collections.remove(name);
    }

    public synchronized boolean hasCollection(String name) {
        return collections.containsKey(name);
    }

    /** The vectors of an existing collection. */
    public synchronized VectorParams vectorParams(String collection) {
        return existing(collection).vectors;
    }

    /** Payload indexes of an existing collection: field → type. */
    public synchronized Map<String, PayloadSchemaType> payloadIndexes(String collection) {
        return Map.copyOf(existing(collection).indexes);
    }

    /** Points of an existing collection by id, in id order. */
    public synchronized Map<String, StoredPoint> points(String collection) {
        return new TreeMap<>(existing(collection).points);
    }

    public synchronized int pointCount(String collection) {
        return existing(collection).points.size();
    }

    // ---- calls and faults ---------------------------------------------------------------------------------------

    /** Every call so far, in arrival order. */
    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /** The requests of one method so far, in arrival order (e.g. {@code PointsGrpc.getUpsertMethod()}). */
    @SuppressWarnings("unchecked")
    public <ReqT> List<ReqT> requests(MethodDescriptor<ReqT, ?> method) {
        return calls.stream()
                .filter(c -> c.method().equals(method.getFullMethodName()))
                .map(c -> (ReqT) c.request())
                .toList();
    }

    /** Forgets the recorded calls (the stored data stays). */
    public void clearCalls() {
        calls.clear();
    }

    /** Answers the next call of {@code method} with {@code status} instead of running it. */
    public void failNext(MethodDescriptor<?, ?> method, Status status) {
        failNext(method, status, 1);
    }

    /** Answers the next {@code times} calls of {@code method} with {@code status} instead of running them. */
    public synchronized void failNext(MethodDescriptor<?, ?> method, Status status, int times) {
        for (int i = 0; i < times; i++) {
            faults.computeIfAbsent(method.getFullMethodName(), m -> new ArrayDeque<>()).add(new FailWith(status));
        }
    }

    /** Leaves the next call of {@code method} unanswered: only the client's deadline (or cancel) ends it. */
    public synchronized void neverAnswerNext(MethodDescriptor<?, ?> method) {
        faults.computeIfAbsent(method.getFullMethodName(), m -> new ArrayDeque<>()).add(new NeverAnswer());
    }

    /**
     * Runs {@code action} when the next call of {@code method} arrives, just before the call itself runs: e.g. another
     * instance creating the collection between our existence check and our create.
     */
    public synchronized void beforeNext(MethodDescriptor<?, ?> method, Runnable action) {
        faults.computeIfAbsent(method.getFullMethodName(), m -> new ArrayDeque<>()).add(new RunFirst(action));
    }

    private synchronized Fault nextFault(String method) {
        Deque<Fault> queue = faults.get(method);
        return queue == null ? null : queue.poll();
    }

    @Override
    public void close() {
        down();
    }

    // ---- the model ----------------------------------------------------------------------------------------------

    private static final class FakeCollection {
        final VectorParams vectors;
        final Map<String, PayloadSchemaType> indexes = new LinkedHashMap<>();
        final Map<String, StoredPoint> points = new LinkedHashMap<>();

        FakeCollection(VectorParams vectors) {
            this.vectors = vectors;
        }
    }

    private FakeCollection existing(String name) {
        FakeCollection collection = collections.get(name);
        if (collection == null) {
            throw Status.NOT_FOUND.withDescription("Not found: Collection `" + name + "` doesn't exist!")
                    .asRuntimeException();
        }
        return collection;
    }

    private UpdateResult applied(boolean waited) {
        return UpdateResult.newBuilder()
                .setOperationId(++operationIds)
                .setStatus(waited ? UpdateStatus.Completed : UpdateStatus.Acknowledged)
                .build();
    }

    private float[] checkedVector(FakeCollection collection, List<Float> data) {
        if (data.size() != collection.vectors.getSize()) {
            throw invalid("Wrong input: Vector dimension error: expected dim: " + collection.vectors.getSize()
                    + ", got " + data.size());
        }
        float[] vector = new float[data.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = data.get(i);
        }
        return collection.vectors.getDistance() == Distance.Cosine ? normalised(vector) : vector;
    }

    private static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        double inv = 1 / Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }

    private static float score(FakeCollection collection, float[] query, float[] stored) {
        if (collection.vectors.getDistance() != Distance.Cosine && collection.vectors.getDistance() != Distance.Dot) {
            throw Status.UNIMPLEMENTED.withDescription("the fake searches only Cosine and Dot collections")
                    .asRuntimeException();
        }
        double dot = 0;
        for (int i = 0; i < query.length; i++) {
            dot += (double) query[i] * stored[i];
        }
        return (float) dot;
    }

    private static String pointId(PointId id) {
        return switch (id.getPointIdOptionsCase()) {
            case UUID -> {
                try {
                    yield UUID.fromString(id.getUuid()).toString();
                } catch (IllegalArgumentException e) {
                    throw invalid("Unable to parse UUID: " + id.getUuid());
                }
            }
            case NUM -> Long.toUnsignedString(id.getNum());
            default -> throw invalid("Wrong input: point id is missing");
        };
    }

    private static PointId toPointId(String id) {
        return id.contains("-")
                ? PointId.newBuilder().setUuid(id).build()
                : PointId.newBuilder().setNum(Long.parseUnsignedLong(id)).build();
    }

    private static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }

    // ---- filters ------------------------------------------------------------------------------------------------

    private static boolean matches(Filter filter, StoredPoint point) {
        if (filter.hasMinShould()) {
            throw Status.UNIMPLEMENTED.withDescription("the fake has no min_should").asRuntimeException();
        }
        for (Condition c : filter.getMustList()) {
            if (!matches(c, point)) {
                return false;
            }
        }
        for (Condition c : filter.getMustNotList()) {
            if (matches(c, point)) {
                return false;
            }
        }
        return filter.getShouldCount() == 0 || filter.getShouldList().stream().anyMatch(c -> matches(c, point));
    }

    private static boolean matches(Condition condition, StoredPoint point) {
        return switch (condition.getConditionOneOfCase()) {
            case FIELD -> matches(condition.getField(), point.payload().get(condition.getField().getKey()));
            case FILTER -> matches(condition.getFilter(), point);
            case HAS_ID -> condition.getHasId().getHasIdList().stream()
                    .anyMatch(id -> pointId(id).equals(point.id()));
            default -> throw Status.UNIMPLEMENTED
                    .withDescription("the fake has no " + condition.getConditionOneOfCase() + " condition")
                    .asRuntimeException();
        };
    }

    /** A field condition holds if any value of the field (an array counts value by value) satisfies it. */
    private static boolean matches(FieldCondition field, Value value) {
        if (value == null) {
            return false;
        }
        if (value.hasListValue()) {
            return value.getListValue().getValuesList().stream().anyMatch(v -> matches(field, v));
        }
        if (field.hasMatch()) {
            return matches(field.getMatch(), value);
        }
        if (field.hasRange()) {
            return inRange(field.getRange(), value);
        }
        throw Status.UNIMPLEMENTED.withDescription("the fake matches only match and range conditions")
                .asRuntimeException();
    }

    private static boolean matches(Match match, Value value) {
        return switch (match.getMatchValueCase()) {
            case KEYWORD -> value.hasStringValue() && value.getStringValue().equals(match.getKeyword());
            case INTEGER -> value.hasIntegerValue() && value.getIntegerValue() == match.getInteger();
            case BOOLEAN -> value.hasBoolValue() && value.getBoolValue() == match.getBoolean();
            case KEYWORDS -> value.hasStringValue()
                    && match.getKeywords().getStringsList().contains(value.getStringValue());
            case INTEGERS -> value.hasIntegerValue()
                    && match.getIntegers().getIntegersList().contains(value.getIntegerValue());
            default -> throw Status.UNIMPLEMENTED
                    .withDescription("the fake has no " + match.getMatchValueCase() + " match")
                    .asRuntimeException();
        };
    }

    private static boolean inRange(Range range, Value value) {
        double x;
        if (value.hasIntegerValue()) {
            x = value.getIntegerValue();
        } else if (value.hasDoubleValue()) {
            x = value.getDoubleValue();
        } else {
            return false;
        }
        return (!range.hasLt() || x < range.getLt()) && (!range.hasLte() || x <= range.getLte())
                && (!range.hasGt() || x > range.getGt()) && (!range.hasGte() || x >= range.getGte());
    }

    private static Map<String, Value> selectPayload(WithPayloadSelector selector, Map<String, Value> payload) {
        return switch (selector.getSelectorOptionsCase()) {
            case ENABLE -> selector.getEnable() ? payload : Map.of();
            case INCLUDE -> {
                Set<String> keep = Set.copyOf(selector.getInclude().getFieldsList());
                Map<String, Value> out = new LinkedHashMap<>(payload);
                out.keySet().retainAll(keep);
                yield out;
            }
            case EXCLUDE -> {
                Map<String, Value> out = new LinkedHashMap<>(payload);
                selector.getExclude().getFieldsList().forEach(out::remove);
                yield out;
            }
            default -> Map.of(); // gRPC's default: no payload
        };
    }

    // ---- services -----------------------------------------------------------------------------------------------

    /** Runs a handler under the server's lock; a status it throws becomes the call's status, as in Qdrant. */
    private <T> void answer(StreamObserver<T> observer, Supplier<T> handler) {
        T response;
        try {
            synchronized (this) {
                response = handler.get();
            }
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    private final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {
        @Override
        public void collectionExists(CollectionExistsRequest request,
                StreamObserver<CollectionExistsResponse> observer) {
            answer(observer, () -> CollectionExistsResponse.newBuilder()
                    .setResult(CollectionExists.newBuilder()
                            .setExists(collections.containsKey(request.getCollectionName())))
                    .build());
        }

        @Override
        public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> observer) {
            answer(observer, () -> {
                String name = request.getCollectionName();
                if (collections.containsKey(name)) {
                    throw Status.ALREADY_EXISTS
                            .withDescription("Wrong input: Collection `" + name + "` already exists!")
                            .asRuntimeException();
                }
                if (!request.getVectorsConfig().hasParams()) {
                    throw Status.UNIMPLEMENTED.withDescription("the fake supports one unnamed dense vector only")
                            .asRuntimeException();
                }
                VectorParams params = request.getVectorsConfig().getParams();
                if (params.getSize() < 1 || params.getDistance() == Distance.UnknownDistance) {
                    throw invalid("Wrong input: vector size and distance are required");
                }
                collections.put(name, new FakeCollection(params));
                return CollectionOperationResponse.newBuilder().setResult(true).build();
            });
        }

        @Override
        public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> observer) {
            answer(observer, () -> {
                FakeCollection collection = existing(request.getCollectionName());
                CollectionInfo.Builder info = CollectionInfo.newBuilder()
                        .setStatus(CollectionStatus.Green)
                        .setSegmentsCount(1)
                        .setPointsCount(collection.points.size())
                        .setConfig(CollectionConfig.newBuilder().setParams(CollectionParams.newBuilder()
                                .setShardNumber(1)
                                .setVectorsConfig(VectorsConfig.newBuilder().setParams(collection.vectors))));
                collection.indexes.forEach((field, type) -> info.putPayloadSchema(field,
                        PayloadSchemaInfo.newBuilder().setDataType(type)
                                .setPoints(collection.points.size()).build()));
                return GetCollectionInfoResponse.newBuilder().setResult(info).build();
            });
        }

        @Override
        public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> observer) {
            answer(observer, () -> {
                ListCollectionsResponse.Builder response = ListCollectionsResponse.newBuilder();
                collections.keySet().forEach(name -> response.addCollections(
                        CollectionDescription.newBuilder().setName(name)));
                return response.build();
            });
        }

        @Override
        public void delete(DeleteCollection request, StreamObserver<CollectionOperationResponse> observer) {
            answer(observer, () -> CollectionOperationResponse.newBuilder()
                    .setResult(collections.remove(request.getCollectionName()) != null)
                    .build());
        }
    }

    private final class PointsService extends PointsGrpc.PointsImplBase {
        @Override
        public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> observer) {
            answer(observer, () -> {
                FakeCollection collection = existing(request.getCollectionName());
                // Check every point before storing any: a rejected request changes nothing, as in Qdrant.
                List<StoredPoint> checked = new ArrayList<>();
                UpdateResult result = applied(request.getWait());
                for (PointStruct point : request.getPointsList()) {
                    if (!point.getVectors().hasVector()) {
                        throw invalid("Wrong input: the fake takes one unnamed vector per point");
                    }
                    Vector vector = point.getVectors().getVector();
                    @SuppressWarnings("deprecation")
                    List<Float> data = vector.hasDense() ? vector.getDense().getDataList() : vector.getDataList();
                    checked.add(new StoredPoint(pointId(point.getId()), checkedVector(collection, data),
                            Map.copyOf(point.getPayloadMap()), result.getOperationId()));
                }
                checked.forEach(p -> collection.points.put(p.id(), p));
                return PointsOperationResponse.newBuilder().setResult(result).build();
            });
        }

        @Override
        public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> observer) {
            answer(observer, () -> {
                FakeCollection collection = existing(request.getCollectionName());
                var selector = request.getPoints();
                if (selector.hasFilter()) {
                    collection.points.values().removeIf(p -> matches(selector.getFilter(), p));
                } else {
                    selector.getPoints().getIdsList().forEach(id -> collection.points.remove(pointId(id)));
                }
                return PointsOperationResponse.newBuilder().setResult(applied(request.getWait())).build();
            });
        }

        @Override
        public void search(SearchPoints request, StreamObserver<SearchResponse> observer) {
            answer(observer, () -> {
                FakeCollection collection = existing(request.getCollectionName());
                float[] query = checkedVector(collection, request.getVectorList());
                record Hit(StoredPoint point, float score) {}
                List<Hit> hits = collection.points.values().stream()
                        .filter(p -> !request.hasFilter() || matches(request.getFilter(), p))
                        .map(p -> new Hit(p, score(collection, query, p.vector())))
                        .filter(h -> !request.hasScoreThreshold() || h.score() >= request.getScoreThreshold())
                        .sorted(Comparator.comparing(Hit::score).reversed()
                                .thenComparing(h -> h.point().id()))
                        .skip(request.getOffset())
                        .limit(request.getLimit())
                        .toList();
                SearchResponse.Builder response = SearchResponse.newBuilder();
                for (Hit hit : hits) {
                    response.addResult(ScoredPoint.newBuilder()
                            .setId(toPointId(hit.point().id()))
                            .setScore(hit.score())
                            .setVersion(hit.point().version())
                            .putAllPayload(selectPayload(request.getWithPayload(), hit.point().payload())));
                }
                return response.build();
            });
        }

        @Override
        public void count(CountPoints request, StreamObserver<CountResponse> observer) {
            answer(observer, () -> {
                FakeCollection collection = existing(request.getCollectionName());
                long count = collection.points.values().stream()
                        .filter(p -> !request.hasFilter() || matches(request.getFilter(), p))
                        .count();
                return CountResponse.newBuilder().setResult(CountResult.newBuilder().setCount(count)).build();
            });
        }

        @Override
        public void createFieldIndex(CreateFieldIndexCollection request,
                StreamObserver<PointsOperationResponse> observer) {
            answer(observer, () -> {
                FakeCollection collection = existing(request.getCollectionName());
                collection.indexes.put(request.getFieldName(), schemaType(request.getFieldType()));
                return PointsOperationResponse.newBuilder().setResult(applied(request.getWait())).build();
            });
        }
    }

    private static PayloadSchemaType schemaType(FieldType type) {
        return switch (type) {
            case FieldTypeKeyword -> PayloadSchemaType.Keyword;
            case FieldTypeInteger -> PayloadSchemaType.Integer;
            case FieldTypeFloat -> PayloadSchemaType.Float;
            case FieldTypeGeo -> PayloadSchemaType.Geo;
            case FieldTypeText -> PayloadSchemaType.Text;
            case FieldTypeBool -> PayloadSchemaType.Bool;
            case FieldTypeDatetime -> PayloadSchemaType.Datetime;
            case FieldTypeUuid -> PayloadSchemaType.Uuid;
            case UNRECOGNIZED -> throw invalid("Wrong input: unknown field type");
        };
    }

    private final class HealthService extends QdrantGrpc.QdrantImplBase {
        @Override
        public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> observer) {
            answer(observer, () -> HealthCheckReply.newBuilder()
                    .setTitle("qdrant - vector search engine (fake)")
                    .setVersion(VERSION)
                    .build());
        }
    }

    // ---- recording and faults -----------------------------------------------------------------------------------

    /** Records each request, then runs the call, fails it, leaves it unanswered, or runs an action first. */
    private final class Recorder implements ServerInterceptor {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                ServerCallHandler<ReqT, RespT> next) {
            String method = call.getMethodDescriptor().getFullMethodName();
            Fault fault = nextFault(method);
            return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                @Override
                public void onMessage(ReqT message) {
                    calls.add(new RecordedCall(method, message, headers));
                    super.onMessage(message);
                }

                @Override
                public void onHalfClose() {
                    switch (fault) {
                        case null -> super.onHalfClose();
                        case FailWith f -> call.close(f.status(), new Metadata());
                        case NeverAnswer n -> { } // the client's deadline ends the call
                        case RunFirst r -> {
                            r.action().run();
                            super.onHalfClose();
                        }
                    }
                }
            };
        }
    }

    private interface ServerFactory {
        /** A server for {@code services} on {@code port} (0: any free one; ignored in process). */
        Server build(List<ServerServiceDefinition> services, int port);

        Supplier<ManagedChannel> channels(Server server);
    }

    /** Collections and their sizes, for assertion messages. */
    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder("FakeQdrantServer[");
        collections.forEach((name, c) -> out.append(name).append(": ").append(c.points.size()).append(" points, ")
                .append(c.vectors.getSize()).append(" dims; "));
        return out.append(']').toString();
    }
}
