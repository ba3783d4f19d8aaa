package dev.sluice.processor.embed.tei;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Settings of the {@link TeiEmbedder}. Every component is validated here, and a bad value fails with a message that
 * names its configuration key. Build one with {@link #builder(URI)}; unset values take the defaults below.
 *
 * @param url                   {@code embedding.tei.url}: base URL of the TEI server, http or https, without query;
 *                              {@code /embed} and {@code /info} are appended. Required.
 * @param maxBatchSize          {@code embedding.max.batch.size}: most inputs in one request. Default 32, TEI's
 *                              {@code --max-client-batch-size}; a larger request is answered 413.
 * @param maxRequestBytes       {@code embedding.max.request.bytes}: most bytes of one serialized request body.
 *                              Default 2 MiB, TEI's {@code --payload-limit}; a larger body is answered 413.
 * @param maxConcurrentRequests {@code embedding.max.concurrent.requests}: most requests in flight at once, over all
 *                              callers of one embedder. Default 16: TEI
 *                              itself accepts 512 and batches concurrent requests by tokens, so a client that keeps
 *                              too few requests open leaves the server idle between round trips (the 50-document
 *                              crawl needs ten requests of 32: with 8 at once it takes two rounds).
 * @param connectTimeout        {@code embedding.connect.timeout.ms}: time to open a connection. Default 2 s.
 * @param requestTimeout        {@code embedding.request.timeout.ms}: time from sending one request until its answer
 *                              has arrived. Default 30 s.
 * @param maxRetries            {@code embedding.max.retries}: retries of one request after a retriable failure
 *                              (connection error, timeout, malformed answer, 408, 429, 5xx); 0 disables retries.
 *                              Default 5.
 * @param initialBackoff        {@code embedding.retry.initial.backoff.ms}: cap of the first retry's random delay;
 *                              the cap doubles with every retry. Default 100 ms.
 * @param maxBackoff            {@code embedding.retry.max.backoff.ms}: largest delay before a retry, also the cap of
 *                              a server's {@code Retry-After}. Default 5 s.
 * @param bearerToken           {@code embedding.tei.bearer.token}: sent as {@code Authorization: Bearer ...} when
 *                              present (TEI's {@code --api-key}). Never logged, left out of {@link #toString()}.
 * @param expectedDimension     {@code embedding.dimension}: length of the vectors the model makes. When present,
 *                              every answer must match it; when absent, the first answer decides it and every later
 *                              answer must match that.
 */
public record TeiConfig(
        URI url,
        int maxBatchSize,
        int maxRequestBytes,
        int maxConcurrentRequests,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Optional<String> bearerToken,
        OptionalInt expectedDimension) {

    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    /** Smallest accepted request limit: the JSON envelope alone takes about 50 bytes. */
    static final int MIN_REQUEST_BYTES = 128;

    public TeiConfig {
        url = validUrl(url);
        atLeast("embedding.max.batch.size", maxBatchSize, 1);
        atLeast("embedding.max.request.bytes", maxRequestBytes, MIN_REQUEST_BYTES);
        atLeast("embedding.max.concurrent.requests", maxConcurrentRequests, 1);
        positive("embedding.connect.timeout.ms", connectTimeout);
        positive("embedding.request.timeout.ms", requestTimeout);
        atLeast("embedding.max.retries", maxRetries, 0);
        positive("embedding.retry.initial.backoff.ms", initialBackoff);
        positive("embedding.retry.max.backoff.ms", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("embedding.retry.max.backoff.ms must be >= "
                    + "embedding.retry.initial.backoff.ms (" + initialBackoff.toMillis() + ") but was "
                    + maxBackoff.toMillis());
        }
        Objects.requireNonNull(bearerToken, "embedding.tei.bearer.token (use Optional.empty())");
        bearerToken.ifPresent(TeiConfig::validToken);
        Objects.requireNonNull(expectedDimension, "embedding.dimension (use OptionalInt.empty())");
        expectedDimension.ifPresent(d -> atLeast("embedding.dimension", d, 1));
    }

    /** A builder with every default set; only the URL is required. */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** {@code /embed} under the base URL. */
    URI embedUri() {
        return URI.create(url + "/embed");
    }

    /** {@code /info} under the base URL. */
    URI infoUri() {
        return URI.create(url + "/info");
    }

    /** Like the record's, but the bearer token is only said to be present. */
    @Override
    public String toString() {
        return "TeiConfig[url=" + url + ", maxBatchSize=" + maxBatchSize + ", maxRequestBytes=" + maxRequestBytes
                + ", maxConcurrentRequests=" + maxConcurrentRequests + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + ", initialBackoff="
                + initialBackoff + ", maxBackoff=" + maxBackoff + ", bearerToken="
                + (bearerToken.isPresent() ? "<set>" : "<none>") + ", expectedDimension=" + expectedDimension + "]";
    }

    private static URI validUrl(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("embedding.tei.url is required");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("embedding.tei.url must be an http or https URL but was " + url);
        }
        if (url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null
                || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "embedding.tei.url must have a host and no user info, query or fragment but was " + url);
        }
        // A trailing slash would make "//embed"; TEI's router does not normalise it.
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static void validToken(String token) {
        if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // Do not echo the value: it is a secret.
            throw new IllegalArgumentException(
                    "embedding.tei.bearer.token must be non-blank printable ASCII without spaces");
        }
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + " but was " + value);
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0 but was "
                    + (value == null ? "null" : value.toMillis()));
        }
    }

    /** Builds a {@link TeiConfig}; every setter is optional. */
    public static final class Builder {
        private final URI url;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Optional<String> bearerToken = Optional.empty();
        private OptionalInt expectedDimension = OptionalInt.empty();

        private Builder(URI url) {
            this.url = url;
        }

        public Builder maxBatchSize(int value) {
            this.maxBatchSize = value;
            return this;
        }

        public Builder maxRequestBytes(int value) {
            this.maxRequestBytes = value;
            return this;
        }

        public Builder maxConcurrentRequests(int value) {
            this.maxConcurrentRequests = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder maxRetries(int value) {
            this.maxRetries = value;
            return this;
        }

        public Builder initialBackoff(Duration value) {
            this.initialBackoff = value;
            return this;
        }

        public Builder maxBackoff(Duration value) {
            this.maxBackoff = value;
            return this;
        }

        /** The API key; {@code null} or empty means none. */
        public Builder bearerToken(String value) {
            this.bearerToken = value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
            return this;
        }

        public Builder expectedDimension(int value) {
            this.expectedDimension = OptionalInt.of(value);
            return this;
        }

        public TeiConfig build() {
            return new TeiConfig(url, maxBatchSize, maxRequestBytes, maxConcurrentRequests, connectTimeout,
                    requestTimeout, maxRetries, initialBackoff, maxBackoff, bearerToken, expectedDimension);
        }
    }
}
