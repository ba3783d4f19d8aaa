package dev.sluice.standalone.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Asks {@code GET /api/search} of a processor or of the gateway's proxy (both want the bearer token), and reads
 * the ranked hits.
 */
public final class SearchClient {

    /** One ranked result. */
    public record Hit(String documentId, String title, String url, double score, String snippet) {}

    /** The hits, best first; {@code partial} when an instance of the cluster did not answer. */
    public record Result(List<Hit> hits, boolean partial) {}

    private final HttpJson http;

    public SearchClient(Duration timeout) {
        this.http = new HttpJson(timeout);
    }

    /**
     * @param base   the processor's or the gateway's base URL
     * @param mode   {@code hybrid}, {@code bm25} or {@code vector}
     * @param bearer the API secret, sent when not blank (the gateway needs it; the processor too when it has one)
     * @throws IOException when the server is not there or refuses the query (its message included)
     */
    public Result search(URI base, String query, String mode, int limit, String bearer) throws IOException {
        URI uri = base.resolve("/api/search?q=" + encode(query) + "&mode=" + encode(mode) + "&limit=" + limit);
        HttpJson.Answer answer = http.get(uri, bearer);
        if (answer.status() != 200) {
            throw new IOException("search at " + base + " failed: " + answer.errorMessage());
        }
        List<Hit> hits = new ArrayList<>();
        for (JsonNode h : answer.body().path("hits")) {
            hits.add(new Hit(h.path("documentId").asString(""), h.path("title").asString(""),
                    h.path("url").asString(""), h.path("score").asDouble(0), h.path("snippet").asString("")));
        }
        return new Result(hits, answer.body().path("partial").asBoolean(false));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
