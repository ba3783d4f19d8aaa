package dev.sluice.processor.search;

import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.type.TypeReference;

/**
 * Another processor instance's partitions as a candidate source, over HTTP ({@code POST /api/internal/candidates}).
 * A failed call throws {@link RemoteSearchException}: the caller decides whether partial results are acceptable.
 */
public final class RemoteCandidates implements CandidateSource {
    public static final String PATH = "/api/internal/candidates";
    private static final TypeReference<List<Candidate>> CANDIDATES = new TypeReference<>() {};

    private final HttpClient http;
    private final URI uri;
    private final Duration timeout;
    private final String bearerToken;

    /** The JSON of one candidate: the chunk without its vector, and its score in the remote index. */
    public record Candidate(IndexedChunk chunk, float score) {
        public static Candidate of(ScoredChunk hit) {
            return new Candidate(hit.chunk().withoutVector(), hit.score());
        }

        ScoredChunk toScored() {
            return new ScoredChunk(chunk, score);
        }
    }

    /** The JSON of a candidates request. */
    public record CandidatesRequest(String mode, String query, float[] vector, int k, String domain, String urlPrefix,
            String language) {
        public SearchFilter filter() {
            return new SearchFilter(domain, urlPrefix, language);
        }
    }

    public static final class RemoteSearchException extends RuntimeException {
        RemoteSearchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public RemoteCandidates(HttpClient http, String hostPort, Duration timeout, String bearerToken) {
        this.http = http;
        this.uri = URI.create("http://" + hostPort + PATH);
        this.timeout = timeout;
        this.bearerToken = bearerToken;
    }

    @Override
    public List<ScoredChunk> keyword(String query, int k, SearchFilter filter) {
        return call(new CandidatesRequest("bm25", query, null, k, filter.domain(), filter.urlPrefix(),
                filter.language()));
    }

    @Override
    public List<ScoredChunk> vector(float[] vector, int k, SearchFilter filter) {
        return call(new CandidatesRequest("vector", null, vector, k, filter.domain(), filter.urlPrefix(),
                filter.language()));
    }

    private List<ScoredChunk> call(CandidatesRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(request)));
        if (bearerToken != null && !bearerToken.isBlank()) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new RemoteSearchException(uri + " answered " + response.statusCode(), null);
            }
            return Json.mapper().readValue(response.body(), CANDIDATES).stream().map(Candidate::toScored).toList();
        } catch (IOException e) {
            throw new RemoteSearchException(uri + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteSearchException("interrupted while asking " + uri, e);
        } catch (RuntimeException e) {
            if (e instanceof RemoteSearchException r) throw r;
            throw new RemoteSearchException(uri + " answered something unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
