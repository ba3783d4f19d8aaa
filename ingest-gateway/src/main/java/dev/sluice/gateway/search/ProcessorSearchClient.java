package dev.sluice.gateway.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks a stream processor's {@code GET /api/search} and returns its answer untouched. Any processor answers for the
 * whole cluster, so the configured ones are interchangeable: they are tried in turn, starting with the one that
 * answered last (so that a processor that hangs costs the timeout once, not on every search). A refused connection,
 * a timeout or a status other than 2xx/4xx moves on to the next; when none answered, {@link SearchUnavailableException}.
 *
 * <p>Each attempt is bounded by the timeout, from connecting to the last byte of the answer, so a search fails after
 * at most about the timeout times the number of processors. The gateway's API secret is sent as the bearer token, as
 * the processors send it to each other.
 */
public final class ProcessorSearchClient implements AutoCloseable {
    /** The processor's endpoint, below each base URL. */
    public static final String PATH = "/api/search";
    /** A search answer is at most 100 hits with short snippets; anything far larger is not a processor's answer. */
    static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ProcessorSearchClient.class);

    private final List<URI> processors;
    private final Duration timeout;
    private final String bearerToken;
    private final HttpClient httpClient;
    private final RestClient rest;
    private final AtomicInteger preferred = new AtomicInteger();
    private final Map<String, Timer> timers;
    private final MeterRegistry meters;

    /**
     * @param processors  base URLs, such as {@code http://processor:8081}; at least one
     * @param timeout     for one processor, from connecting to the last byte of its answer
     * @param bearerToken sent as {@code Authorization: Bearer}; {@code null} for none
     * @param meters      where {@code sluice.gateway.search} (tag {@code outcome}) and
     *                    {@code sluice.gateway.search.attempt.failures} (tag {@code reason}) are kept
     */
    public ProcessorSearchClient(List<URI> processors, Duration timeout, String bearerToken, MeterRegistry meters) {
        if (processors.isEmpty()) {
            throw new IllegalArgumentException("at least one processor URL is needed");
        }
        this.processors = List.copyOf(processors);
        this.timeout = timeout;
        this.bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken;
        this.meters = meters;
        // HTTP/1.1: the JDK client would otherwise offer an h2c upgrade on every plain-HTTP request.
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(httpClient);
        requests.setReadTimeout(timeout);
        this.rest = RestClient.builder().requestFactory(requests).build();
        this.timers = Map.of(
                "ok", timer("ok", "the processor answered 2xx"),
                "rejected", timer("rejected", "the processor refused the search with a 4xx"),
                "unavailable", timer("unavailable", "no processor answered; the client got 503"));
    }

    private Timer timer(String outcome, String description) {
        return Timer.builder("sluice.gateway.search")
                .description("Searches proxied to a stream processor, until the answer (outcome: " + description + ")")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * The first answer of a processor, 2xx or 4xx, as it was sent.
     *
     * @throws SearchUnavailableException when no processor answered
     */
    public ProcessorAnswer search(SearchQuery query) {
        long start = System.nanoTime();
        String outcome = "unavailable";
        try {
            ProcessorAnswer answer = firstAnswer(query);
            outcome = answer.status() < 300 ? "ok" : "rejected";
            return answer;
        } finally {
            timers.get(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private ProcessorAnswer firstAnswer(SearchQuery query) {
        int first = preferred.get();
        int count = processors.size();
        for (int attempt = 0; attempt < count; attempt++) {
            int index = (first + attempt) % count;
            URI base = processors.get(index);
            String next = attempt + 1 < count ? "trying the next one" : "no processor left to try";
            long attemptStart = System.nanoTime();
            try {
                ProcessorAnswer answer = ask(base, query);
                int family = answer.status() / 100;
                if (family == 2 || family == 4) {
                    preferred.set(index);
                    return answer;
                }
                failed(family == 5 ? "server_error" : "unexpected_status", base, "answered " + answer.status(), next);
            } catch (RestClientException e) {
                Failure failure = Failure.of(e, timeout, Duration.ofNanos(System.nanoTime() - attemptStart));
                failed(failure.reason(), base, failure.description(), next);
            }
        }
        throw new SearchUnavailableException("no stream processor answered the search (" + count + " tried, each "
                + "given " + timeout.toMillis() + " ms); retry later", Duration.ofSeconds(Math.max(1,
                timeout.toSeconds())));
    }

    private void failed(String reason, URI base, String what, String next) {
        meters.counter("sluice.gateway.search.attempt.failures", "reason", reason).increment();
        log.warn("Search proxy: processor {} {}; {}", base, what, next);
    }

    private ProcessorAnswer ask(URI base, SearchQuery query) {
        return rest.get()
                .uri(searchUri(base, query))
                .accept(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (bearerToken != null) {
                        headers.setBearerAuth(bearerToken);
                    }
                })
                .exchangeForRequiredValue((request, response) -> new ProcessorAnswer(response.getStatusCode().value(),
                        contentType(response.getHeaders()::getContentType), readBounded(response.getBody())), true);
    }

    /** {@code base} + {@value #PATH} + the query; a base with a path (behind a proxy) keeps it. */
    static URI searchUri(URI base, SearchQuery query) {
        String root = base.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return URI.create(root + PATH + "?" + query.queryString());
    }

    private static MediaType contentType(java.util.function.Supplier<MediaType> header) {
        try {
            return header.get();
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    private static byte[] readBounded(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new IOException("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        return bytes;
    }

    @Override
    public void close() {
        httpClient.close();
    }

    /** Why an attempt failed: a metric tag and a phrase for the log. */
    private record Failure(String reason, String description) {
        static Failure of(RestClientException e, Duration timeout, Duration took) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof HttpConnectTimeoutException) {
                    return new Failure("timeout", "did not accept a connection within " + timeout.toMillis() + " ms");
                }
                if (t instanceof HttpTimeoutException) {
                    return new Failure("timeout", "did not answer within " + timeout.toMillis() + " ms");
                }
                if (t instanceof ConnectException || t instanceof UnknownHostException
                        || t instanceof UnresolvedAddressException) {
                    return new Failure("unreachable", "is unreachable (" + t.getClass().getSimpleName() + ")");
                }
            }
            if (took.compareTo(timeout) >= 0) {
                // A body cut off by the timeout surfaces as a plain IOException ("subscription cancelled").
                return new Failure("timeout", "did not finish its answer within " + timeout.toMillis() + " ms");
            }
            Throwable root = e.getMostSpecificCause();
            return new Failure("io_error", "failed: " + root.getClass().getSimpleName() + ": " + root.getMessage());
        }
    }
}
