package dev.sluice.processor.index.qdrant;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach Qdrant over gRPC and how to write to it. Every value is checked here, and a bad one fails with a
 * message naming its configuration key. {@link #toString()} never shows the API key.
 *
 * <p>Start from {@link #forUrl(String, int)} or {@link #forHost(String, int, int)}, then change defaults with the
 * {@code with...} methods.
 *
 * @param host            {@code qdrant.host}: Qdrant's host name or address
 * @param port            {@code qdrant.port}: its gRPC port (not the REST port 6333); default {@value #DEFAULT_PORT}
 * @param useTls          {@code qdrant.tls}: talk TLS (an {@code https} URL); default false
 * @param apiKey          {@code qdrant.api.key}: sent as the {@code api-key} header; {@code null} (or blank) for none
 * @param collection      {@code qdrant.collection}: the collection holding the chunks; default
 *                        {@value #DEFAULT_COLLECTION}
 * @param vectorSize      {@code qdrant.vector.size}: floats per vector; must be the embedder's
 *                        {@link dev.sluice.processor.embed.Embedder#dimension() dimension}
 * @param waitForWrites   {@code qdrant.wait}: answer writes only once they are applied and searchable (Qdrant's
 *                        {@code wait=true}); with false, Qdrant acknowledges once the write is in its write-ahead log.
 *                        Default true
 * @param upsertBatchSize {@code qdrant.upsert.batch.size}: most points per upsert request; default
 *                        {@value #DEFAULT_UPSERT_BATCH_SIZE}
 * @param timeout         {@code qdrant.timeout.ms}: deadline of every call to Qdrant; default 10 s
 */
public record QdrantConfig(
        String host,
        int port,
        boolean useTls,
        String apiKey,
        String collection,
        int vectorSize,
        boolean waitForWrites,
        int upsertBatchSize,
        Duration timeout) {

    /** Qdrant's gRPC port. */
    public static final int DEFAULT_PORT = 6334;
    public static final String DEFAULT_COLLECTION = "sluice_chunks";
    public static final int DEFAULT_UPSERT_BATCH_SIZE = 256;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Qdrant's own limit on the size of a dense vector. */
    static final int MAX_VECTOR_SIZE = 65_536;

    public QdrantConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("qdrant.host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("qdrant.port must be between 1 and 65535 but was " + port);
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        checkCollectionName(collection);
        if (vectorSize < 1 || vectorSize > MAX_VECTOR_SIZE) {
            throw new IllegalArgumentException(
                    "qdrant.vector.size must be between 1 and " + MAX_VECTOR_SIZE + " but was " + vectorSize);
        }
        if (upsertBatchSize < 1) {
            throw new IllegalArgumentException("qdrant.upsert.batch.size must be >= 1 but was " + upsertBatchSize);
        }
        Objects.requireNonNull(timeout, "qdrant.timeout.ms");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("qdrant.timeout.ms must be > 0 but was " + timeout.toMillis());
        }
    }

    /**
     * The defaults for the Qdrant at {@code url}: {@code http://host[:port]} (plain text) or {@code https://host[:port]}
     * (TLS); the port defaults to {@value #DEFAULT_PORT}.
     *
     * @param url        {@code qdrant.url}
     * @param vectorSize the embedder's dimension
     */
    public static QdrantConfig forUrl(String url, int vectorSize) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("qdrant.url must not be blank");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // Not echoed: a malformed URL may still carry user info.
            throw new IllegalArgumentException("qdrant.url must be a URL like http://qdrant:6334: " + e.getReason()
                    + " at index " + e.getIndex());
        }
        if (uri.getRawUserInfo() != null) {
            // Not echoed: user info may be a secret. The key has its own setting.
            throw new IllegalArgumentException(
                    "qdrant.url must not contain user info; give the API key as qdrant.api.key");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "qdrant.url must start with http:// or https:// (e.g. http://qdrant:6334) but was '" + url + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("qdrant.url must name a host (e.g. http://qdrant:6334) but was '"
                    + url + "'");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "qdrant.url must be only scheme, host and port (gRPC has no base path) but was '" + url + "'");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) { // IPv6 literal
            host = host.substring(1, host.length() - 1);
        }
        return forHost(host, port, vectorSize).withTls(scheme.equals("https"));
    }

    /** The defaults for a plain-text connection to {@code host:port}. */
    public static QdrantConfig forHost(String host, int port, int vectorSize) {
        return new QdrantConfig(host, port, false, null, DEFAULT_COLLECTION, vectorSize, true,
                DEFAULT_UPSERT_BATCH_SIZE, DEFAULT_TIMEOUT);
    }

    public QdrantConfig withTls(boolean tls) {
        return new QdrantConfig(host, port, tls, apiKey, collection, vectorSize, waitForWrites, upsertBatchSize,
                timeout);
    }

    public QdrantConfig withApiKey(String key) {
        return new QdrantConfig(host, port, useTls, key, collection, vectorSize, waitForWrites, upsertBatchSize,
                timeout);
    }

    public QdrantConfig withCollection(String name) {
        return new QdrantConfig(host, port, useTls, apiKey, name, vectorSize, waitForWrites, upsertBatchSize,
                timeout);
    }

    public QdrantConfig withWaitForWrites(boolean wait) {
        return new QdrantConfig(host, port, useTls, apiKey, collection, vectorSize, wait, upsertBatchSize, timeout);
    }

    public QdrantConfig withUpsertBatchSize(int size) {
        return new QdrantConfig(host, port, useTls, apiKey, collection, vectorSize, waitForWrites, size, timeout);
    }

    public QdrantConfig withTimeout(Duration t) {
        return new QdrantConfig(host, port, useTls, apiKey, collection, vectorSize, waitForWrites, upsertBatchSize,
                t);
    }

    /** The endpoint as a URL, for logs and messages. */
    public String url() {
        return (useTls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Everything but the API key, which shows only whether one is set. */
    @Override
    public String toString() {
        return "QdrantConfig[url=" + url() + ", apiKey=" + (apiKey == null ? "none" : "***") + ", collection="
                + collection + ", vectorSize=" + vectorSize + ", waitForWrites=" + waitForWrites
                + ", upsertBatchSize=" + upsertBatchSize + ", timeout=" + timeout.toMillis() + " ms]";
    }

    /** Qdrant's rules for collection names: 1 to 255 characters, none of them a path or shell special. */
    private static void checkCollectionName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("qdrant.collection must not be blank");
        }
        if (name.length() > 255) {
            throw new IllegalArgumentException(
                    "qdrant.collection must be at most 255 characters but had " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ("<>:\"/\\|?*".indexOf(c) >= 0 || Character.isISOControl(c)) {
                throw new IllegalArgumentException("qdrant.collection must not contain " + describe(c)
                        + " but was '" + name.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
    }

    private static String describe(char c) {
        return Character.isISOControl(c) ? String.format("control character U+%04X", (int) c) : "'" + c + "'";
    }
}
