package dev.sluice.standalone.ingest;

import dev.sluice.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Posts documents to the gateway's {@code POST /api/documents} (bearer token), many per request. A request the
 * gateway refuses for its content (400, 413, 422) is split in halves until the documents at fault are alone, so one
 * bad document costs only itself. Busy answers (429, 5xx) and broken connections are retried with backoff, honouring
 * {@code Retry-After}, within a time budget. A refused token or a gateway that is not there ends the ingest.
 */
public final class GatewayClient {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** What became of one document. */
    public sealed interface Posted {
        SourceEntry.Document document();
    }

    /** Durably in Kafka, under this document id. */
    public record Accepted(SourceEntry.Document document, String documentId) implements Posted {}

    /** Refused by the gateway for its content; {@code reason} is the gateway's message. */
    public record Rejected(SourceEntry.Document document, String reason) implements Posted {}

    /** The gateway cannot be used at all (unreachable, refused the token, kept failing). */
    public static final class GatewayException extends IOException {
        public GatewayException(String message) {
            super(message);
        }

        public GatewayException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http;
    private final URI endpoint;
    private final String bearer;
    private final Duration requestTimeout;
    private final Duration retryBudget;

    /**
     * @param gateway        the gateway's base URL, e.g. {@code http://localhost:8080}
     * @param bearer         the API secret
     * @param requestTimeout one request's timeout
     * @param retryBudget    how long one request may be retried while the gateway is busy
     */
    public GatewayClient(URI gateway, String bearer, Duration requestTimeout, Duration retryBudget) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.endpoint = gateway.resolve("/api/documents");
        this.bearer = bearer;
        this.requestTimeout = requestTimeout;
        this.retryBudget = retryBudget;
    }

    /** Posts {@code documents} as one request (split only when refused); results in the same order. */
    public List<Posted> post(List<SourceEntry.Document> documents) throws GatewayException {
        List<Posted> out = new ArrayList<>(documents.size());
        postInto(documents, out);
        return out;
    }

    private void postInto(List<SourceEntry.Document> documents, List<Posted> out) throws GatewayException {
        HttpResponse<byte[]> response = send(body(documents));
        int status = response.statusCode();
        if (status == 202) {
            List<String> ids = documentIds(response.body());
            if (ids.size() != documents.size()) {
                throw new GatewayException("the gateway accepted " + ids.size() + " ids for " + documents.size()
                        + " documents");
            }
            for (int i = 0; i < ids.size(); i++) {
                out.add(new Accepted(documents.get(i), ids.get(i)));
            }
            return;
        }
        if (status == 400 || status == 413 || status == 422) {
            if (documents.size() > 1) {
                int half = documents.size() / 2;
                postInto(documents.subList(0, half), out);
                postInto(documents.subList(half, documents.size()), out);
            } else {
                out.add(new Rejected(documents.get(0), reason(status, response.body())));
            }
            return;
        }
        if (status == 401 || status == 403) {
            throw new GatewayException("the gateway refused the API secret (HTTP " + status + "); give --api-secret"
                    + " or set WEBHOOK_API_SECRET to the gateway's secret");
        }
        throw new GatewayException("the gateway at " + endpoint + " answered HTTP " + status + ": "
                + reason(status, response.body()));
    }

    private HttpResponse<byte[]> send(byte[] body) throws GatewayException {
        long deadline = System.nanoTime() + retryBudget.toNanos();
        Duration backoff = Duration.ofMillis(250);
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + bearer)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            Duration wait;
            String problem;
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status != 429 && status < 500) {
                    return response;
                }
                problem = "HTTP " + status;
                wait = retryAfter(response).orElse(backoff);
            } catch (ConnectException e) {
                throw new GatewayException("cannot reach the gateway at " + endpoint.resolve("/")
                        + " (is 'sluice up' running? or give --gateway)", e);
            } catch (IOException e) {
                problem = e.toString();
                wait = backoff;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException("interrupted", e);
            }
            if (System.nanoTime() + wait.toNanos() > deadline) {
                throw new GatewayException("the gateway at " + endpoint + " kept failing for " + retryBudget.toSeconds()
                        + " s (last: " + problem + ")");
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException("interrupted", e);
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    static byte[] body(List<SourceEntry.Document> documents) {
        int size = 16;
        for (SourceEntry.Document d : documents) {
            size += d.json().length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes("{\"documents\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(documents.get(i).json());
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Bytes a document adds to a request body. */
    static int bodyBytes(SourceEntry.Document d) {
        return d.json().length + 1;
    }

    private static List<String> documentIds(byte[] body) throws GatewayException {
        try {
            JsonNode ids = Json.mapper().readTree(body).get("documentIds");
            List<String> out = new ArrayList<>();
            if (ids != null) {
                ids.forEach(n -> out.add(n.asString()));
            }
            return out;
        } catch (JacksonException e) {
            throw new GatewayException("the gateway's 202 answer is not JSON", e);
        }
    }

    /** The gateway's error message, with the request-level path ({@code documents[0].}) of a lone document cut. */
    static String reason(int status, byte[] body) {
        try {
            JsonNode error = Json.mapper().readTree(body);
            String message = error.path("message").asString("");
            if (!message.isEmpty()) {
                return message.replaceAll("documents\\[\\d+]\\.", "") + " (HTTP " + status + ")";
            }
        } catch (JacksonException e) {
            // not the gateway's JSON error body: fall through to the status alone
        }
        return status == 413 ? "larger than the gateway's body limit (HTTP 413)" : "HTTP " + status;
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long s = Long.parseLong(v.strip());
                return Optional.of(Duration.ofSeconds(Math.min(Math.max(s, 0), MAX_BACKOFF.toSeconds())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
