package dev.sluice.processor.app;

import dev.sluice.processor.search.ClusterSearch;
import dev.sluice.processor.search.RemoteCandidates;
import dev.sluice.processor.search.SearchMode;
import dev.sluice.processor.search.SearchRequest;
import dev.sluice.processor.index.SearchFilter;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/search} over the whole cluster, from any instance; {@code POST /api/internal/candidates} is what
 * instances ask each other.
 */
@RestController
public class SearchController {
    private final ClusterSearch search;

    public SearchController(ClusterSearch search) {
        this.search = search;
    }

    @GetMapping("/api/search")
    public ClusterSearch.SearchResponse search(
            @RequestParam("q") String query,
            @RequestParam(defaultValue = "hybrid") String mode,
            @RequestParam(defaultValue = "10") int limit,
            @RequestParam(required = false) String domain,
            @RequestParam(name = "url_prefix", required = false) String urlPrefix,
            @RequestParam(required = false) String language,
            @RequestParam(defaultValue = "false") boolean chunks) {
        SearchMode searchMode;
        try {
            searchMode = SearchMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be one of hybrid, bm25, vector but was '" + mode + "'");
        }
        return search.search(new SearchRequest(query, searchMode, limit,
                new SearchFilter(blankToNull(domain), blankToNull(urlPrefix), blankToNull(language)), chunks));
    }

    @PostMapping(RemoteCandidates.PATH)
    public List<RemoteCandidates.Candidate> candidates(@RequestBody RemoteCandidates.CandidatesRequest request) {
        if (request.k() < 1 || request.k() > 1000) {
            throw new IllegalArgumentException("k must be in 1..1000 but was " + request.k());
        }
        var hits = switch (request.mode()) {
            case "bm25" -> search.localKeyword(request.query(), request.k(), request.filter());
            case "vector" -> search.localVector(request.vector(), request.k(), request.filter());
            default -> throw new IllegalArgumentException("mode must be bm25 or vector");
        };
        return hits.stream().map(RemoteCandidates.Candidate::of).toList();
    }

    public record Error(String error, String message) {}

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public Error badRequest(IllegalArgumentException e) {
        return new Error("invalid_request", e.getMessage());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
