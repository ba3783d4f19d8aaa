package dev.sluice.processor.engine;

import dev.sluice.schemas.Stage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One circuit breaker per external service a document's indexing calls: the embedding service (stage
 * {@code EMBEDDING}) and the vector store ({@code VECTOR_UPSERT}). Local stages have none.
 *
 * <p>Together they tell an outage from a bad document. A failed call is the document's only when the service worked
 * for somebody meanwhile ({@link #worksForOthers}): its breaker is closed and some call succeeded after the failed
 * one started — or, when none did, a probe of the service without the document succeeds. Otherwise — the service
 * failed every call since, or its breaker is open — the failure is the service's, and {@link DocumentPipeline} lets
 * the document wait instead of using up its attempts. (A rate over a time window decides too late: in the seconds
 * before the successes of the last window are outweighed, the documents in flight use up their attempts.)
 *
 * <p>A breaker opens when at least half of the last {@value #WINDOW_SECONDS} s of calls (at least
 * {@value #MINIMUM_CALLS}) failed retriably; while open, calls are refused without reaching the service, and after a
 * wait (1 s, doubling to 30 s while failures go on) a few calls probe it. New batches are not started while a breaker
 * is open ({@link #admitting}): the backlog waits in the buffer, not in flight.
 *
 * <p>Shared by all documents of an instance; thread-safe.
 */
public final class ServiceBreakers {
    static final int WINDOW_SECONDS = 10;
    static final int MINIMUM_CALLS = 10;
    private static final int PROBES = 3;
    /** How long a failed probe stands for the service: ambiguous failures meanwhile are not probed again. */
    static final Duration PROBE_VALIDITY = Duration.ofSeconds(1);

    private final Service embedding;
    private final Service vectors;
    private final LongSupplier nanoTime;

    /** A service's breaker, when a call of it last succeeded, and its last probe. */
    static final class Service {
        private final CircuitBreaker breaker;
        private final AtomicLong lastSuccessNanos = new AtomicLong(Long.MIN_VALUE);
        private long lastFailedProbeNanos = Long.MIN_VALUE; // guarded by this

        Service(CircuitBreaker breaker) {
            this.breaker = breaker;
        }

        CircuitBreaker breaker() {
            return breaker;
        }

        String name() {
            return breaker.getName();
        }
    }

    /** Open waits from 1 s, doubling up to 30 s. */
    public static ServiceBreakers defaults() {
        return new ServiceBreakers(Duration.ofSeconds(1), Duration.ofSeconds(30), Clock.systemUTC(), System::nanoTime);
    }

    /** With the open waits and the time under the caller's control (tests). */
    public ServiceBreakers(Duration firstOpenWait, Duration maxOpenWait, Clock clock, LongSupplier nanoTime) {
        Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(WINDOW_SECONDS)
                .minimumNumberOfCalls(MINIMUM_CALLS)
                .failureRateThreshold(50)
                .permittedNumberOfCallsInHalfOpenState(PROBES)
                .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(firstOpenWait, 2.0,
                        maxOpenWait))
                .recordException(e -> e instanceof IndexingException indexing && indexing.retriable())
                .clock(clock)
                .build();
        this.embedding = new Service(CircuitBreaker.of("embedding", config));
        this.vectors = new Service(CircuitBreaker.of("vector-store", config));
    }

    /** The service {@code stage} calls, or {@code null} for a local stage. */
    Service of(Stage stage) {
        return switch (stage) {
            case EMBEDDING -> embedding;
            case VECTOR_UPSERT -> vectors;
            default -> null;
        };
    }

    /** The monotonic clock calls are recorded in, and documents' retries are timed by. */
    long nanoTime() {
        return nanoTime.getAsLong();
    }

    /**
     * Whether a failure of {@code stage} in a call started at {@code callStartNanos} is the document's: the stage is
     * local, or its service's breaker is closed and a call of it succeeded since. When nothing succeeded since (the
     * document may be alone), {@code probe} asks the service itself — a cheap call without the document — once for
     * all the documents asking at the same time; a probe that failed stands for {@link #PROBE_VALIDITY}.
     */
    boolean worksForOthers(Stage stage, long callStartNanos, Runnable probe) {
        Service service = of(stage);
        if (service == null) {
            return true;
        }
        if (service.breaker().getState() != CircuitBreaker.State.CLOSED) {
            return false;
        }
        if (service.lastSuccessNanos.get() >= callStartNanos) {
            return true;
        }
        synchronized (service) {
            if (service.lastSuccessNanos.get() >= callStartNanos) {
                return true; // a probe (or a call) succeeded while this one waited for the lock
            }
            long now = nanoTime();
            if (service.lastFailedProbeNanos != Long.MIN_VALUE
                    && now - service.lastFailedProbeNanos < PROBE_VALIDITY.toNanos()) {
                return false;
            }
            try {
                probe.run();
                record(service, now, null);
                return true;
            } catch (IndexingException e) {
                record(service, now, e);
            } catch (RuntimeException e) {
                record(service, now, IndexingException.retriable(ErrorCodes.INTERNAL, stage,
                        "probe failed: " + e, e));
            }
            service.lastFailedProbeNanos = nanoTime();
            return false;
        }
    }

    /**
     * Whether new work may start: no breaker is open. An open breaker whose wait is over turns half-open here (the
     * permission taken to find out is given back), so that a paused instance with nothing in flight probes again.
     */
    public boolean admitting() {
        return admitting(embedding.breaker()) && admitting(vectors.breaker());
    }

    private static boolean admitting(CircuitBreaker breaker) {
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            return true;
        }
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission();
            return true;
        }
        return false;
    }

    /** Each service's breaker state, by service name ({@code embedding}, {@code vector-store}). */
    public Map<String, CircuitBreaker.State> states() {
        Map<String, CircuitBreaker.State> states = new LinkedHashMap<>();
        states.put(embedding.name(), embedding.breaker().getState());
        states.put(vectors.name(), vectors.breaker().getState());
        return states;
    }

    /** Records the end of a call started at {@code startNanos}: {@code failure} null for success. */
    void record(Service service, long startNanos, IndexingException failure) {
        long now = nanoTime();
        if (failure == null || !failure.retriable()) {
            // the service answered, even if it refused the input
            service.breaker().onSuccess(now - startNanos, TimeUnit.NANOSECONDS);
            service.lastSuccessNanos.accumulateAndGet(now, Math::max);
        } else {
            service.breaker().onError(now - startNanos, TimeUnit.NANOSECONDS, failure);
        }
    }
}
