package dev.sluice.processor.embed.tei;

import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.engine.Sleeper;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.Stage;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link Embedder} backed by a HuggingFace Text Embeddings Inference server: {@code POST {url}/embed} with
 * {@code {"inputs": [...], "truncate": true, "normalize": true}}, answered by one vector per input.
 *
 * <ul>
 *   <li>The texts of one call are split into requests of at most {@link TeiConfig#maxBatchSize()} inputs and
 *       {@link TeiConfig#maxRequestBytes()} bytes of JSON, sent concurrently, and the vectors put back in order.
 *       Over all callers at most {@link TeiConfig#maxConcurrentRequests()} requests are in flight (a fair semaphore,
 *       released while a request waits to be retried). A search query ({@link #embedQuery}) has
 *       {@value #QUERY_REQUESTS} permits of its own, so it never waits behind indexing's requests.</li>
 *   <li>Connection failures, timeouts, 408, 429 and 5xx are retried with exponential backoff and full jitter,
 *       honouring {@code Retry-After} up to the maximum backoff; when the retries are used up the call fails with a
 *       retriable {@code EMBEDDING_UNAVAILABLE} — marked as {@linkplain IndexingException#backpressure backpressure}
 *       when TEI was throttling (429), so that the document waits without using up its attempts.</li>
 *   <li>A 2xx answer that is not one vector of finite numbers per input (bad JSON, wrong count, mixed lengths) is
 *       treated like a 5xx: retriable. The input is not at fault, and such answers come from a broken replica or a
 *       proxy cutting the body short, which another attempt may avoid. Marking it permanent would send documents to
 *       the dead-letter topic for the server's fault.</li>
 *   <li>413 and any other 4xx fail at once with a permanent {@code EMBEDDING_REJECTED} carrying TEI's message, as does
 *       a single text that cannot fit into a request, and — as {@link ErrorCodes#EMBEDDING_REJECTED} says — vectors
 *       of another length than the model's ({@link DimensionGuard}): that is a different model, retrying cannot
 *       cure it, and its vectors must never reach the index.</li>
 * </ul>
 *
 * <p>{@link #dimension()} is the configured {@link TeiConfig#expectedDimension()}, or else learnt from the first
 * answer; when asked before any answer it sends one probe request ({@value #PROBE_TEXT}), and fails like
 * {@link #embed} while TEI cannot be reached. Configure the dimension to keep start-up independent of TEI. {@link #modelId()} is
 * TEI's {@code model_id} from {@code GET /info}, fetched once; while TEI cannot be reached it is the URL (not
 * remembered, so a later call can still learn the real id).
 *
 * <p>Safe for concurrent use. Sub-requests of one call run on virtual threads; when one fails for good the others
 * are cancelled.
 */
public final class TeiEmbedder implements Embedder {
    static final String PROBE_TEXT = "dimension probe";
    /** Query requests in flight at most, besides {@link TeiConfig#maxConcurrentRequests()}. */
    static final int QUERY_REQUESTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(TeiEmbedder.class);

    private final TeiConfig config;
    private final TeiTransport transport;
    private final JsonMapper mapper;
    private final RequestPlanner planner;
    private final EmbedAnswerParser parser;
    private final RetryPolicy retryPolicy;
    private final DimensionGuard dimension;
    private final Semaphore permits;
    /** Queries' own requests in flight, apart from {@link #permits}: a query never waits for indexing's. */
    private final Semaphore queryPermits = new Semaphore(QUERY_REQUESTS, true);
    private final Sleeper sleeper;
    private final Clock clock;
    private final ExecutorService requests;
    private final Object probeLock = new Object();
    private volatile String modelId;
    private volatile boolean closed;

    /** A client of the TEI server at {@link TeiConfig#url()}; nothing is sent until the first call. */
    public TeiEmbedder(TeiConfig config) {
        this(config, Sleeper.THREAD, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextLong());
    }

    /** With the waiting, the time and the jitter under the caller's control (tests). */
    TeiEmbedder(TeiConfig config, Sleeper sleeper, Clock clock, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = Json.mapper();
        this.transport = new TeiTransport(config);
        this.planner = new RequestPlanner(config.maxBatchSize(), config.maxRequestBytes(), mapper);
        this.parser = new EmbedAnswerParser(mapper);
        this.retryPolicy = new RetryPolicy(config.maxRetries(), config.initialBackoff(), config.maxBackoff(), random);
        this.dimension = new DimensionGuard(config.expectedDimension());
        this.permits = new Semaphore(config.maxConcurrentRequests(), true);
        this.requests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sluice-tei-request-", 0).factory());
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        requireOpen();
        if (texts.isEmpty()) {
            return List.of();
        }
        List<EmbedRequest> plan = planner.plan(texts);
        float[][] vectors = new float[texts.size()][];
        try {
            if (plan.size() == 1) {
                fill(vectors, plan.getFirst(), send(plan.getFirst(), permits));
            } else {
                sendConcurrently(plan, vectors);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for TEI", e);
        }
        return List.of(vectors);
    }

    @Override
    public int dimension() {
        OptionalInt known = dimension.known();
        if (known.isPresent()) {
            return known.getAsInt();
        }
        synchronized (probeLock) {
            if (dimension.known().isEmpty()) {
                embed(List.of(PROBE_TEXT));
            }
        }
        return dimension.known().orElseThrow();
    }

    @Override
    public String modelId() {
        String id = modelId;
        if (id == null) {
            id = new TeiInfo(transport, mapper).fetch(config).orElse(null);
            modelId = id;
        }
        return id == null ? config.url().toString() : id;
    }

    /** Aborts requests in flight; calls waiting on them fail with a retriable {@code EMBEDDING_UNAVAILABLE}. */
    @Override
    public void close() {
        closed = true;
        requests.shutdownNow();
        transport.close();
    }

    @Override
    public String toString() {
        return "TeiEmbedder[" + config.url() + "]";
    }

    private void sendConcurrently(List<EmbedRequest> plan, float[][] vectors) throws InterruptedException {
        ExecutorCompletionService<Void> completion = new ExecutorCompletionService<>(requests);
        List<Future<Void>> futures = new ArrayList<>(plan.size());
        try {
            for (EmbedRequest request : plan) {
                futures.add(completion.submit(() -> {
                    fill(vectors, request, send(request, permits));
                    return null;
                }));
            }
            // In order of completion, so that the first failure cancels the rest at once.
            for (int done = 0; done < plan.size(); done++) {
                completion.take().get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IndexingException indexing) {
                throw indexing;
            }
            if (closed || cause instanceof InterruptedException) {
                // close() interrupted the request threads: nothing wrong with the input
                throw unavailable("the TEI client is closed", cause);
            }
            throw new IndexingException(ErrorCodes.INTERNAL, Stage.EMBEDDING, false,
                    "unexpected failure of a TEI request: " + cause, cause);
        } catch (RejectedExecutionException e) {
            throw unavailable("the TEI client is closed", e);
        } finally {
            futures.forEach(future -> future.cancel(true));
        }
    }

    private static void fill(float[][] vectors, EmbedRequest request, List<float[]> answer) {
        for (int i = 0; i < answer.size(); i++) {
            vectors[request.from() + i] = answer.get(i);
        }
    }

    /**
     * A search query: one request with permits of its own ({@value #QUERY_REQUESTS} at most), so that it does not
     * queue behind the indexing requests that hold {@link TeiConfig#maxConcurrentRequests()}. Retried like any.
     */
    @Override
    public float[] embedQuery(String text) {
        Objects.requireNonNull(text, "text");
        requireOpen();
        try {
            return send(planner.plan(List.of(text)).getFirst(), queryPermits).getFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for TEI", e);
        }
    }

    /** One request, retried while its failures are retriable and retries are left; each attempt holds a permit. */
    private List<float[]> send(EmbedRequest request, Semaphore slots) throws InterruptedException {
        for (int retry = 0; ; retry++) {
            AttemptFailure failure;
            try {
                return attempt(request, slots);
            } catch (AttemptFailure f) {
                failure = f;
            }
            if (!failure.retriable()) {
                throw new IndexingException(ErrorCodes.EMBEDDING_REJECTED, Stage.EMBEDDING, false,
                        "TEI rejected the request: " + failure.getMessage(), failure.getCause());
            }
            if (closed) {
                throw unavailable("the TEI client is closed", failure.getCause());
            }
            if (retry >= retryPolicy.maxRetries()) {
                LOG.warn("TEI request of {} inputs failed after {} attempt(s): {}", request.size(), retry + 1,
                        failure.getMessage());
                String message = "TEI unavailable after " + (retry + 1) + " attempt(s): " + failure.getMessage();
                throw failure.throttled()
                        ? IndexingException.backpressure(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING, message,
                                null)
                        : unavailable(message, failure.getCause());
            }
            Duration wait = retryPolicy.delay(retry, failure.retryAfter());
            LOG.debug("TEI request of {} inputs failed ({}); retry {} of {} in {} ms", request.size(),
                    failure.getMessage(), retry + 1, retryPolicy.maxRetries(), wait.toMillis());
            sleeper.sleep(wait);
        }
    }

    private List<float[]> attempt(EmbedRequest request, Semaphore slots)
            throws AttemptFailure, InterruptedException {
        TeiAnswer answer;
        slots.acquire();
        try {
            answer = transport.postJson(config.embedUri(), request.body());
        } catch (HttpConnectTimeoutException e) {
            throw AttemptFailure.retriable("no connection within embedding.connect.timeout.ms ("
                    + config.connectTimeout().toMillis() + ")", Optional.empty(), e);
        } catch (HttpTimeoutException e) {
            throw AttemptFailure.retriable("no answer within embedding.request.timeout.ms ("
                    + config.requestTimeout().toMillis() + ")", Optional.empty(), e);
        } catch (IOException e) {
            throw AttemptFailure.retriable("connection failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), Optional.empty(), e);
        } finally {
            slots.release();
        }
        if (!answer.successful()) {
            throw TeiErrors.classify(answer, clock, mapper);
        }
        List<float[]> vectors;
        try {
            vectors = parser.parse(answer.body(), request.size());
        } catch (MalformedAnswerException e) {
            throw AttemptFailure.retriable("malformed answer: " + e.getMessage(), Optional.empty(), e);
        }
        dimension.check(vectors.getFirst().length);
        return vectors;
    }

    private void requireOpen() {
        if (closed) {
            throw unavailable("the TEI client is closed", null);
        }
    }

    private static IndexingException unavailable(String message, Throwable cause) {
        return IndexingException.retriable(ErrorCodes.EMBEDDING_UNAVAILABLE, Stage.EMBEDDING, message, cause);
    }
}
