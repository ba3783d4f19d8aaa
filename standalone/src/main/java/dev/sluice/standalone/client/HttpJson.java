package dev.sluice.standalone.client;

import dev.sluice.schemas.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** GETs of JSON from Sluice's HTTP APIs, with errors turned into one-line messages. */
final class HttpJson {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Duration timeout;

    HttpJson(Duration timeout) {
        this.timeout = timeout;
    }

    /** An answer: its status and JSON body (a missing node when the body is not JSON). */
    record Answer(int status, JsonNode body) {
        /** The {@code message} of Sluice's JSON error bodies, else the status. */
        String errorMessage() {
            String m = body.path("message").asString("");
            return m.isEmpty() ? "HTTP " + status : m + " (HTTP " + status + ")";
        }
    }

    Answer get(URI uri, String bearer) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept",
                "application/json").GET();
        if (bearer != null && !bearer.isBlank()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new IOException("cannot reach " + uri.resolve("/") + " (connection refused)", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("no answer from " + uri.resolve("/") + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? Json.mapper().missingNode() : Json.mapper().readTree(response.body());
        } catch (JacksonException e) {
            body = Json.mapper().missingNode();
        }
        return new Answer(response.statusCode(), body);
    }
}
