package dev.sluice.processor.embed.tei;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on 127.0.0.1 (a free port) that speaks the parts of HuggingFace Text Embeddings Inference's
 * HTTP API that Sluice uses, for tests and benchmarks of TEI clients.
 *
 * <h2>What it serves</h2>
 * <ul>
 *   <li>{@code POST /embed} with {@code {"inputs": "text" | ["text", ...], "truncate": bool, "normalize": bool}}:
 *       one vector per input, in input order, computed by {@link #vectorFor(String, int)} — deterministic (seeded by
 *       the SHA-256 of the text) and L2-normalised, so a test can compute what any text must get. Like TEI it answers
 *       413 {@code {"error": "batch size 33 > maximum allowed batch size 32", "error_type": "validation"}} above its
 *       max client batch size, a plain-text 413 for a body above its payload limit (axum's body limit), 400
 *       {@code "empty"} for no inputs, 422 for a body it cannot read, 401 without the required bearer token.</li>
 *   <li>{@code GET /info}: TEI's model information ({@code model_id}, {@code max_client_batch_size}, ...).</li>
 *   <li>{@code GET /health}: 200.</li>
 * </ul>
 *
 * <h2>Trouble on demand</h2>
 * {@link #rejectInputsContaining(String)} answers 422 like a tokenizer error to any request holding such a text;
 * {@link #enqueue(Fault...)} scripts what the next other {@code /embed} requests get (one fault per request, in
 * order); {@link #failAlways(Fault)} applies a fault to every request after the scripted ones until
 * {@link #clearFaults()}; {@link #latency(Duration)} makes every answer take that long (the model's inference time).
 * {@link #latency(LatencyDistribution)} draws each answer's time from a distribution (e.g. p99 5 s);
 * {@link #failFraction(double, Fault)} fails a random share of requests; {@link #down()} refuses connections until
 * {@link #up()} (same port, same state).
 * Requests are validated first (token, payload limit, JSON, batch size), then checked for the poison marker, then
 * given the next fault.
 *
 * <h2>What it saw</h2>
 * {@link #requests()} lists every {@code /embed} request (inputs, body bytes, Authorization header, flags);
 * {@link #maxConcurrentRequests()} is the most requests it was processing at once (from reading a request until
 * its answer is ready to write, so a client that waits for its answers before sending more never appears to exceed
 * its own bound); {@link #batchSizeRejections()} and {@link #payloadLimitRejections()} count the 413s.
 *
 * <p>Handlers run on virtual threads, so the server never limits concurrency itself.
 */
public final class FakeTeiServer implements AutoCloseable {
    public static final String DEFAULT_MODEL_ID = "sluice/fake-tei-hash-embeddings";
    public static final int DEFAULT_DIMENSION = 384;
    public static final int DEFAULT_MAX_CLIENT_BATCH_SIZE = 32;
    public static final int DEFAULT_PAYLOAD_LIMIT_BYTES = 2 * 1024 * 1024;

    private static final JsonMapper MAPPER = Json.mapper();

    private volatile HttpServer server;
    private final int port;
    private final ExecutorService executor;
    private final String modelId;
    private final int dimension;
    private final int maxClientBatchSize;
    private final int payloadLimitBytes;
    private final String requiredBearerToken;

    private volatile Duration latency = Duration.ZERO;
    private volatile LatencyDistribution latencyDistribution;
    private volatile Fault randomFault;
    private volatile double randomFaultFraction;
    private final AtomicInteger randomFaultsInjected = new AtomicInteger();
    private final AtomicInteger downPeriods = new AtomicInteger();
    private volatile Fault alwaysFault;
    private volatile String poisonMarker;
    private final ConcurrentLinkedQueue<Fault> scriptedFaults = new ConcurrentLinkedQueue<>();

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger batchSizeRejections = new AtomicInteger();
    private final AtomicInteger payloadLimitRejections = new AtomicInteger();

    private FakeTeiServer(Builder builder) throws IOException {
        this.modelId = builder.modelId;
        this.dimension = builder.dimension;
        this.maxClientBatchSize = builder.maxClientBatchSize;
        this.payloadLimitBytes = builder.payloadLimitBytes;
        this.requiredBearerToken = builder.requiredBearerToken;
        this.latency = builder.latency;
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fake-tei-", 0).factory());
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
        return http;
    }

    /** A server with every default: 384 dimensions, 32 inputs per request, 2 MiB payload limit, no latency. */
    public static FakeTeiServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}, to configure a client with. */
    public URI uri() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port);
    }

    public String modelId() {
        return modelId;
    }

    public int dimension() {
        return dimension;
    }

    /** The vector this server answers for {@code text}. */
    public float[] vectorFor(String text) {
        return vectorFor(text, dimension);
    }

    /**
     * A deterministic unit vector for {@code text}: Gaussian components from a generator seeded by the first 8 bytes
     * of the SHA-256 of the UTF-8 text, then L2-normalised. Equal texts get equal vectors, different texts nearly
     * orthogonal ones.
     */
    public static float[] vectorFor(String text, int dimension) {
        SplittableRandom random = new SplittableRandom(seed(text));
        double[] values = new double[dimension];
        double sumOfSquares = 0;
        for (int i = 0; i < dimension; i++) {
            values[i] = random.nextGaussian();
            sumOfSquares += values[i] * values[i];
        }
        double norm = Math.sqrt(sumOfSquares);
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) (values[i] / norm);
        }
        return vector;
    }

    /** Every later answer takes at least this long (zero for none). */
    public void latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency);
    }

    /**
     * Every later {@code /embed} answer takes a time drawn from {@code distribution} (instead of the fixed
     * {@link #latency(Duration)}); {@code null} goes back to the fixed latency.
     */
    public void latency(LatencyDistribution distribution) {
        this.latencyDistribution = distribution;
    }

    /**
     * Each later {@code /embed} request (that no scripted fault takes) gets {@code fault} with probability
     * {@code fraction}, independently of the others, until {@link #clearFaults()}: e.g. 30 % of requests answered
     * 503.
     */
    public void failFraction(double fraction, Fault fault) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be within [0, 1] but was " + fraction);
        }
        this.randomFault = Objects.requireNonNull(fault);
        this.randomFaultFraction = fraction;
    }

    /** Requests that {@link #failFraction} failed so far. */
    public int randomFaultsInjected() {
        return randomFaultsInjected.get();
    }

    /**
     * Stops listening and cuts every open connection, as a TEI whose host went away: connections are refused until
     * {@link #up()}. Requests being answered are abandoned.
     */
    public synchronized void down() {
        HttpServer current = server;
        if (current != null) {
            current.stop(0);
            server = null;
            downPeriods.incrementAndGet();
        }
    }

    /** Listens again on the same port after {@link #down()}, with everything it had (faults, counters). */
    public synchronized void up() {
        if (server == null) {
            try {
                server = listen(port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen again on port " + port, e);
            }
        }
    }

    /** How often {@link #down()} took the server away. */
    public int downPeriods() {
        return downPeriods.get();
    }

    /** The next {@code /embed} requests get these faults, one per request, in order; then normal answers again. */
    public void enqueue(Fault... faults) {
        scriptedFaults.addAll(List.of(faults));
    }

    /** Every {@code /embed} request gets {@code fault} (after any scripted ones) until {@link #clearFaults()}. */
    public void failAlways(Fault fault) {
        this.alwaysFault = Objects.requireNonNull(fault);
    }

    /** Drops scripted and permanent faults and the poison marker. */
    public void clearFaults() {
        scriptedFaults.clear();
        alwaysFault = null;
        poisonMarker = null;
        randomFault = null;
        randomFaultFraction = 0;
    }

    /**
     * Answers 422 {@code {"error": "...", "error_type": "tokenizer"}} to any request with an input that contains
     * {@code marker} — the way TEI refuses an input its tokenizer cannot handle, failing the whole request.
     */
    public void rejectInputsContaining(String marker) {
        this.poisonMarker = Objects.requireNonNull(marker);
    }

    /** Every {@code /embed} request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Number of {@code /embed} requests received so far. */
    public int requestCount() {
        return requests.size();
    }

    /** The most {@code /embed} requests processed at the same time. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /** The {@code /embed} requests being processed right now. */
    public int inFlightRequests() {
        return inFlight.get();
    }

    /** Requests answered 413 for holding more inputs than the max client batch size. */
    public int batchSizeRejections() {
        return batchSizeRejections.get();
    }

    /** Requests answered 413 for a body larger than the payload limit. */
    public int payloadLimitRejections() {
        return payloadLimitRejections.get();
    }

    /** Forgets what was seen (requests, maximum concurrency, rejections); faults stay. */
    public void resetCounters() {
        requests.clear();
        maxInFlight.set(inFlight.get());
        batchSizeRejections.set(0);
        payloadLimitRejections.set(0);
    }

    /** Stops at once; requests being processed are abandoned. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/embed") && method.equals("POST")) {
                embed(exchange);
            } else if (path.equals("/info") && method.equals("GET")) {
                respond(exchange, 200, "application/json", MAPPER.writeValueAsBytes(info()), Map.of());
            } else if (path.equals("/health") && method.equals("GET")) {
                respond(exchange, 200, "text/plain", new byte[0], Map.of());
            } else {
                respond(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), Map.of());
            }
        } catch (InterruptedException e) {
            // The server is closing.
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (it timed out, or was closed): nothing to answer to.
        }
    }

    private void embed(HttpExchange exchange) throws IOException, InterruptedException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Answer answer;
        try {
            answer = answerEmbed(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
        if (answer == null) {
            // Closing the exchange before any header is sent closes the connection: the client sees it drop.
            return;
        }
        respond(exchange, answer.status, answer.contentType, answer.body, answer.headers);
    }

    /** The answer to one {@code /embed} request, or {@code null} to drop the connection. */
    private Answer answerEmbed(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Optional<String> authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
        ParsedRequest parsed = parse(body);
        requests.add(new RecordedRequest(parsed == null ? 0 : parsed.inputs.size(), body.length, authorization,
                parsed != null && parsed.truncate, parsed == null || parsed.normalize));

        if (requiredBearerToken != null && !authorization.equals(Optional.of("Bearer " + requiredBearerToken))) {
            return new Answer(401, "text/plain", new byte[0], Map.of());
        }
        if (body.length > payloadLimitBytes) {
            payloadLimitRejections.incrementAndGet();
            return Answer.text(413, "Failed to buffer the request body: length limit exceeded");
        }
        if (parsed == null) {
            return Answer.text(422, "Failed to deserialize the JSON body into the target type");
        }
        if (parsed.inputs.isEmpty()) {
            return Answer.error(400, "empty", "Batch is empty");
        }
        if (parsed.inputs.size() > maxClientBatchSize) {
            batchSizeRejections.incrementAndGet();
            return Answer.error(413, "validation", "batch size " + parsed.inputs.size()
                    + " > maximum allowed batch size " + maxClientBatchSize);
        }
        String marker = poisonMarker;
        Fault fault;
        if (marker != null && parsed.inputs.stream().anyMatch(text -> text.contains(marker))) {
            // TEI tokenizes before it queues for inference: such a request fails before any other trouble.
            fault = Fault.error(422, "tokenizer", "Tokenizer error: cannot tokenize an input");
        } else {
            fault = scriptedFaults.poll();
            if (fault == null) {
                fault = alwaysFault;
            }
            Fault random = randomFault;
            if (fault == null && random != null && ThreadLocalRandom.current().nextDouble() < randomFaultFraction) {
                randomFaultsInjected.incrementAndGet();
                fault = random;
            }
        }
        LatencyDistribution distribution = latencyDistribution;
        sleep(distribution == null ? latency : distribution.next());
        return fault == null ? vectors(parsed.inputs, dimension) : apply(fault, parsed.inputs);
    }

    private static Answer vectors(List<String> inputs, int dimension) {
        float[][] vectors = new float[inputs.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = vectorFor(inputs.get(i), dimension);
        }
        return new Answer(200, "application/json", MAPPER.writeValueAsBytes(vectors), Map.of());
    }

    private Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model_id", modelId);
        info.put("model_sha", null);
        info.put("model_dtype", "float32");
        info.put("model_type", Map.of("embedding", Map.of("pooling", "mean")));
        info.put("max_concurrent_requests", 512);
        info.put("max_input_length", 512);
        info.put("max_batch_tokens", 16384);
        info.put("max_client_batch_size", maxClientBatchSize);
        info.put("auto_truncate", false);
        info.put("tokenization_workers", 1);
        info.put("version", "fake");
        return info;
    }

    private static ParsedRequest parse(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                return null;
            }
            JsonNode inputsNode = root.path("inputs");
            List<String> inputs = new ArrayList<>();
            if (inputsNode.isString()) {
                inputs.add(inputsNode.stringValue());
            } else if (inputsNode.isArray()) {
                for (JsonNode input : inputsNode) {
                    if (!input.isString()) {
                        return null;
                    }
                    inputs.add(input.stringValue());
                }
            } else {
                return null;
            }
            return new ParsedRequest(inputs, root.path("truncate").asBoolean(false),
                    root.path("normalize").asBoolean(true));
        } catch (JacksonException e) {
            return null;
        }
    }

    private static long seed(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                seed = seed << 8 | (hash[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Stands for the model's inference time; a fake server may take its time, a test never waits like this. */
    private static void sleep(Duration duration) throws InterruptedException {
        if (!duration.isZero()) {
            Thread.sleep(duration);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body,
            Map<String, String> headers) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** One {@code /embed} request as the server received it. */
    public record RecordedRequest(
            int inputs, int bodyBytes, Optional<String> authorization, boolean truncate, boolean normalize) {}

    private record ParsedRequest(List<String> inputs, boolean truncate, boolean normalize) {}

    private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Answer text(int status, String text) {
            return new Answer(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Answer error(int status, String errorType, String message) {
            return error(status, errorType, message, Map.of());
        }

        static Answer error(int status, String errorType, String message, Map<String, String> headers) {
            Map<String, String> json = new LinkedHashMap<>();
            json.put("error", message);
            json.put("error_type", errorType);
            return new Answer(status, "application/json", MAPPER.writeValueAsBytes(json), headers);
        }
    }

    /** Something that goes wrong with one {@code /embed} request. Make them with the static factories. */
    public sealed interface Fault {

        /** TEI's error JSON with {@code status}, e.g. {@code error(424, "backend", "Inference failed")}. */
        static Fault error(int status, String errorType, String message) {
            return new ErrorAnswer(status, errorType, message, null);
        }

        /** 429 "Model is overloaded", with {@code Retry-After: retryAfter} unless it is {@code null}. */
        static Fault tooManyRequests(String retryAfter) {
            return new ErrorAnswer(429, "overloaded", "Model is overloaded", retryAfter);
        }

        /** 503 "unhealthy", as TEI answers while its backend is down. */
        static Fault unavailable() {
            return new ErrorAnswer(503, "unhealthy", "unhealthy", null);
        }

        /** The correct answer, but only after {@code delay} (beyond a client's timeout, for one). */
        static Fault delay(Duration delay) {
            return new Delay(delay);
        }

        /** The connection is closed without any answer. */
        static Fault closeConnection() {
            return new CloseConnection();
        }

        /** {@code body} as-is with {@code status}, e.g. malformed JSON with 200. */
        static Fault rawBody(int status, String body) {
            return new RawBody(status, body);
        }

        /** A well-formed answer whose vectors have {@code dimension} numbers instead of the server's. */
        static Fault wrongDimension(int dimension) {
            return new WrongDimension(dimension);
        }
    }

    private record ErrorAnswer(int status, String errorType, String message, String retryAfter) implements Fault {}

    private record Delay(Duration delay) implements Fault {}

    private record CloseConnection() implements Fault {}

    private record RawBody(int status, String body) implements Fault {}

    private record WrongDimension(int dimension) implements Fault {}

    /** The answer {@code fault} makes of a request for {@code inputs} ({@code null} to drop the connection). */
    private Answer apply(Fault fault, List<String> inputs) throws InterruptedException {
        return switch (fault) {
            case ErrorAnswer error -> Answer.error(error.status(), error.errorType(), error.message(),
                    error.retryAfter() == null ? Map.of() : Map.of("Retry-After", error.retryAfter()));
            case Delay delay -> {
                sleep(delay.delay());
                yield vectors(inputs, dimension);
            }
            case CloseConnection close -> null;
            case RawBody raw -> new Answer(raw.status(), "application/json",
                    raw.body().getBytes(StandardCharsets.UTF_8), Map.of());
            case WrongDimension wrong -> vectors(inputs, wrong.dimension());
        };
    }

    /**
     * A source of answer times. {@link #logNormal(Duration, Duration)} gives the long tail of a loaded inference
     * server.
     */
    @FunctionalInterface
    public interface LatencyDistribution {
        Duration next();

        /**
         * Log-normal times with the given median and 99th percentile, capped at twice the 99th percentile (so a test's
         * worst case stays known).
         */
        static LatencyDistribution logNormal(Duration median, Duration p99) {
            if (median.isNegative() || median.isZero() || p99.compareTo(median) < 0) {
                throw new IllegalArgumentException("need 0 < median <= p99 but got " + median + " and " + p99);
            }
            double mu = Math.log(median.toNanos());
            double sigma = Math.log((double) p99.toNanos() / median.toNanos()) / 2.3263; // z of the 99th percentile
            long cap = p99.toNanos() * 2;
            return () -> Duration.ofNanos(Math.min(cap,
                    (long) Math.exp(mu + sigma * ThreadLocalRandom.current().nextGaussian())));
        }
    }

    /** Settings fixed for the server's life. */
    public static final class Builder {
        private String modelId = DEFAULT_MODEL_ID;
        private int dimension = DEFAULT_DIMENSION;
        private int maxClientBatchSize = DEFAULT_MAX_CLIENT_BATCH_SIZE;
        private int payloadLimitBytes = DEFAULT_PAYLOAD_LIMIT_BYTES;
        private String requiredBearerToken;
        private Duration latency = Duration.ZERO;

        private Builder() {}

        public Builder modelId(String value) {
            this.modelId = Objects.requireNonNull(value);
            return this;
        }

        public Builder dimension(int value) {
            this.dimension = value;
            return this;
        }

        /** TEI's {@code --max-client-batch-size}: more inputs in one request are answered 413. */
        public Builder maxClientBatchSize(int value) {
            this.maxClientBatchSize = value;
            return this;
        }

        /** TEI's {@code --payload-limit}: a larger body is answered 413. */
        public Builder payloadLimitBytes(int value) {
            this.payloadLimitBytes = value;
            return this;
        }

        /** Requests without {@code Authorization: Bearer <token>} are answered 401 (TEI's {@code --api-key}). */
        public Builder requiredBearerToken(String value) {
            this.requiredBearerToken = Objects.requireNonNull(value);
            return this;
        }

        public Builder latency(Duration value) {
            this.latency = Objects.requireNonNull(value);
            return this;
        }

        /** Binds a free port on 127.0.0.1 and starts serving. */
        public FakeTeiServer start() {
            if (dimension < 1 || maxClientBatchSize < 1 || payloadLimitBytes < 1) {
                throw new IllegalArgumentException("dimension, maxClientBatchSize and payloadLimitBytes must be >= 1");
            }
            try {
                return new FakeTeiServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the fake TEI server", e);
            }
        }
    }
}
