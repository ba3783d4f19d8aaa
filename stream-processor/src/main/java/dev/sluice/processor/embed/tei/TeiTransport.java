package dev.sluice.processor.embed.tei;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends single HTTP requests to TEI with the JDK's client and reads whole answers. Knows nothing of retries or of
 * what the bodies mean. HTTP/1.1 on purpose: TEI serves it everywhere, and a plain-text HTTP/2 upgrade would only
 * add a round of headers to every new connection.
 */
final class TeiTransport implements AutoCloseable {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private final HttpClient client;
    private final Duration requestTimeout;
    private final String authorization;

    TeiTransport(TeiConfig config) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = config.requestTimeout();
        this.authorization = config.bearerToken().map(token -> "Bearer " + token).orElse(null);
    }

    /**
     * POSTs {@code body} as JSON.
     *
     * @throws java.net.http.HttpTimeoutException when no answer came within the request timeout, or no connection
     *                                            within the connect timeout
     * @throws IOException                        when the connection failed or broke
     */
    TeiAnswer postJson(URI uri, byte[] body) throws IOException, InterruptedException {
        return send(request(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** GETs {@code uri}; failures as in {@link #postJson}. */
    TeiAnswer get(URI uri) throws IOException, InterruptedException {
        return send(request(uri).GET().build());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private TeiAnswer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new TeiAnswer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    /** Aborts requests still in flight and releases the connections. */
    @Override
    public void close() {
        client.shutdownNow();
        try {
            client.awaitTermination(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
