package dev.sluice.gateway.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * What the OpenAPI description at {@code /v3/api-docs} says beyond what the controllers' signatures show: the names
 * of the two security schemes, the texts of answers several endpoints share, and the shapes of the JSON bodies that
 * the controllers read by hand (they take raw bytes, to check signatures and to name bad fields themselves) or pass
 * through from a processor. These records are never instantiated; they exist so that the description is generated
 * from Java next to the code it describes.
 */
public final class ApiDocs {
    private ApiDocs() {}

    /** The {@code Authorization: Bearer <api secret>} scheme of the documents and search APIs. */
    public static final String BEARER = "bearerAuth";
    /** The {@code X-Firecrawl-Signature} scheme of the webhook. */
    public static final String SIGNATURE = "firecrawlSignature";

    public static final String UNAUTHORIZED = "No valid bearer token: `missing_token` or `invalid_token`.";
    public static final String MALFORMED_JSON = "The body is not JSON (`malformed_json`, with line and column; also "
            + "for ill-formed UTF-8 and a key given twice in one object) or could not be read (`unreadable_body`).";
    public static final String INVALID_FIELD = "A field is missing or has the wrong type or value (`invalid_field`); "
            + "`field` names it by its path, such as `documents[2].url`. URLs are at most 8,192 characters without "
            + "control characters; `metadata` is nested at most 64 levels.";
    public static final String TOO_LARGE = "The body is larger than `sluice.gateway.max-body-size` "
            + "(`payload_too_large`), or a document is larger than the documents topic accepts "
            + "(`document_too_large`).";
    public static final String WRONG_CONTENT_TYPE = "The body is not `application/json` (`unsupported_media_type`).";
    public static final String STORAGE_UNAVAILABLE = "Kafka did not acknowledge every record within "
            + "`sluice.gateway.kafka-timeout` (`storage_unavailable`). Nothing of the request is confirmed as stored: "
            + "send it again after `Retry-After` seconds.";
    public static final String ACCEPTED = "Every record of the request is acknowledged by Kafka (acks=all).";

    @Schema(name = "Document", description = "A document to index. Fields other than these are ignored.")
    public record DocumentRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri",
                    description = "absolute http, https or file URL; its canonical form gives the id",
                    example = "https://docs.example.com/guide/install") String url,
            @Schema(description = "your own id (1–512 characters, no control characters) instead of one from the URL")
            String id,
            String title,
            String description,
            @Schema(description = "the content as Markdown; the first of `markdown`, `html`, `text` that has content "
                    + "is indexed") String markdown,
            String html,
            String text,
            @Schema(example = "en") String language,
            @Schema(example = "text/html") String contentType,
            @Schema(description = "the HTTP status the page was fetched with") Integer statusCode,
            @Schema(description = "free-form, kept with the document") Map<String, Object> metadata,
            @Schema(description = "the job that produced the document, if any") String jobId) {}

    @Schema(name = "DocumentBatch", description = "Several documents in one request, at most "
            + "`sluice.gateway.max-documents-per-request` (1000 by default).")
    public record DocumentBatchRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<DocumentRequest> documents) {}

    @Schema(name = "FirecrawlDelivery", description = "A Firecrawl webhook delivery. `*.page` events carry pages in "
            + "`data`; `success: false` marks failed pages. `crawl.*` and `batch_scrape.*` "
            + "`started|completed|failed|cancelled` are crawl lifecycle events. Other types are accepted and ignored.")
    public record FirecrawlDelivery(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "crawl.page") String type,
            @Schema(description = "the crawl job id; required for lifecycle events") String id,
            @Schema(description = "the job id as older senders name it, read when `id` is missing") String jobId,
            @Schema(description = "the delivery id, the same on retries: a repeat is answered `duplicate: true`")
            String webhookId,
            Boolean success,
            @Schema(description = "why the job or the page failed") String error,
            List<FirecrawlPage> data,
            Map<String, Object> metadata) {}

    @Schema(name = "FirecrawlPage", description = "One crawled page.")
    public record FirecrawlPage(
            String markdown,
            String html,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FirecrawlPageMetadata metadata) {}

    @Schema(name = "FirecrawlPageMetadata", description = "The page's metadata; every field is kept with the "
            + "document. `url` or `sourceURL` is required.")
    public record FirecrawlPageMetadata(
            String url,
            String sourceURL,
            String title,
            String description,
            String language,
            String contentType,
            Integer statusCode) {}

    @Schema(name = "SearchResponse", description = "The processor's answer, passed through unchanged.")
    public record SearchResponse(
            List<SearchHit> hits,
            @Schema(description = "true when some processor instance did not contribute (its partitions are "
                    + "missing from the answer)") boolean partial,
            @Schema(description = "how many processor instances were asked") int instancesAsked,
            @Schema(description = "why instances did not contribute") List<String> failures) {}

    @Schema(name = "SearchHit", description = "A document (or, with `chunks=true`, a chunk) and the chunk shown for it.")
    public record SearchHit(
            String documentId,
            String url,
            @Schema(description = "its title, or \"\"") String title,
            @Schema(description = "headings above the chunk shown, such as \"Install > Linux\", or \"\"")
            String headingPath,
            @Schema(description = "about 300 characters of the chunk around the first query term found") String snippet,
            @Schema(description = "higher is better: the Reciprocal Rank Fusion score (hybrid), the BM25F score (bm25) "
                    + "or the cosine similarity (vector)") double score,
            @Schema(description = "1-based BM25 rank; absent when BM25 did not find it or was not asked")
            Integer bm25Rank,
            @Schema(description = "1-based vector rank; absent when vector search did not find it or was not asked")
            Integer vectorRank,
            @Schema(description = "index of the chunk shown, within its document") int chunkIndex) {}
}
