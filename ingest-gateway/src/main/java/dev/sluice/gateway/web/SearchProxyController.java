package dev.sluice.gateway.web;

import dev.sluice.gateway.search.ProcessorAnswer;
import dev.sluice.gateway.search.ProcessorSearchClient;
import dev.sluice.gateway.search.SearchQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/search} (bearer token): checks the parameters, then asks a stream processor, which searches the
 * whole cluster, and passes its answer on unchanged — 2xx and 4xx alike. When no processor answers, 503.
 */
@Tag(name = "search", description = "Search, proxied to a stream processor, with the bearer token.")
@RestController
public class SearchProxyController {
    private final ProcessorSearchClient processors;

    public SearchProxyController(ProcessorSearchClient processors) {
        this.processors = processors;
    }

    @Operation(summary = "Search the indexed documents",
            description = "Hybrid (BM25 + vector, fused by Reciprocal Rank Fusion), BM25-only or vector-only search "
                    + "over every partition of the cluster, answered by a stream processor and passed through "
                    + "unchanged. Processors are tried in turn until one answers.",
            security = @SecurityRequirement(name = ApiDocs.BEARER))
    @ApiResponse(responseCode = "200", description = "The processor's answer, unchanged.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ApiDocs.SearchResponse.class)))
    @ApiResponse(responseCode = "400", description = "A parameter is missing or invalid: `missing_parameter` or "
            + "`invalid_parameter`, with `field` naming it. A processor's own 4xx answers are passed on as they are.")
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "503", description = "No stream processor answered within "
            + "`sluice.gateway.search-timeout` (`search_unavailable`); retry after `Retry-After` seconds.",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds",
                    schema = @Schema(type = "integer")))
    @GetMapping(path = "/api/search", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> search(
            @Parameter(description = "what to search for; any text, never parsed as query syntax", required = true)
            @RequestParam(required = false) String q,
            @Parameter(description = "retrieval to use", schema = @Schema(type = "string",
                    allowableValues = {"hybrid", "bm25", "vector"}, defaultValue = SearchQuery.DEFAULT_MODE))
            @RequestParam(required = false) String mode,
            @Parameter(description = "how many results", schema = @Schema(type = "integer", minimum = "1",
                    maximum = "100", defaultValue = "10"))
            @RequestParam(required = false) String limit,
            @Parameter(description = "only documents of this exact host, such as docs.python.org")
            @RequestParam(required = false) String domain,
            @Parameter(name = "url_prefix", description = "only documents whose URL starts with this")
            @RequestParam(name = "url_prefix", required = false) String urlPrefix,
            @Parameter(description = "only documents in this language, such as en")
            @RequestParam(required = false) String language,
            @Parameter(description = "one result per matching chunk instead of one per document",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @RequestParam(required = false) String chunks) {
        SearchQuery query = SearchQuery.parse(q, mode, limit, domain, urlPrefix, language, chunks);
        ProcessorAnswer answer = processors.search(query);
        MediaType type = answer.contentType() == null ? MediaType.APPLICATION_JSON : answer.contentType();
        return ResponseEntity.status(answer.status()).contentType(type).body(answer.body());
    }
}
