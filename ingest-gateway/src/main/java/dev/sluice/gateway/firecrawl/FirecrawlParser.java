package dev.sluice.gateway.firecrawl;

import static dev.sluice.gateway.web.Fields.object;
import static dev.sluice.gateway.web.Fields.optionalBoolean;
import static dev.sluice.gateway.web.Fields.optionalInt;
import static dev.sluice.gateway.web.Fields.optionalText;
import static dev.sluice.gateway.web.Fields.requiredText;

import dev.sluice.gateway.web.ApiException;
import dev.sluice.gateway.web.Fields;
import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.CrawlEventKind;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.DocumentSource;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.SourceKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns a Firecrawl webhook body into {@link FirecrawlEvent}s, as Firecrawl sends them:
 * {@code {"success", "type", "id" (or "jobId"), "webhookId", "data": [...], "error", "metadata"}}.
 * Page events ({@code *.page}) give one document per {@code data[]} item, or a failed page when {@code success} is
 * false; lifecycle events ({@code *.started|completed|failed|cancelled}) give a crawl event; any other type is
 * accepted and ignored. A missing or mistyped field the event needs is a 422 naming it.
 */
public final class FirecrawlParser {
    private final Clock clock;
    private final int maxPages;

    /**
     * @param maxPages most pages one delivery may carry (the documents API's per-request limit): a delivery is
     *                 stored all at once before it is answered, so its size bounds the work of one request
     */
    public FirecrawlParser(Clock clock, int maxPages) {
        this.clock = clock;
        this.maxPages = maxPages;
    }

    public FirecrawlEvent parse(JsonNode body) {
        object(body, "(body)");
        String type = requiredText(body, "type", "type");
        String jobId = optionalText(body, "id", "id");
        if (jobId == null) {
            jobId = optionalText(body, "jobId", "jobId");
        }
        String webhookId = optionalText(body, "webhookId", "webhookId");
        Instant now = clock.instant();
        int dot = type.lastIndexOf('.');
        String action = dot < 0 ? type : type.substring(dot + 1);
        String family = dot < 0 ? "" : type.substring(0, dot);
        boolean jobFamily = family.equals("crawl") || family.equals("batch_scrape");
        if (!jobFamily) {
            return ignored(type, jobId, webhookId);
        }
        return switch (action) {
            case "page" -> page(body, type, jobId, webhookId, now);
            case "started", "completed", "failed", "cancelled" ->
                    new FirecrawlEvent(type, jobId, webhookId, List.of(),
                            List.of(lifecycle(body, type, action, jobId, webhookId, now)), false);
            default -> ignored(type, jobId, webhookId);
        };
    }

    private static FirecrawlEvent ignored(String type, String jobId, String webhookId) {
        return new FirecrawlEvent(type, jobId, webhookId, List.of(), List.of(), true);
    }

    private FirecrawlEvent page(JsonNode body, String type, String jobId, String webhookId, Instant now) {
        Boolean success = optionalBoolean(body, "success", "success");
        JsonNode data = body.get("data");
        if (data == null || data.isNull()) {
            data = Json.mapper().createArrayNode();
        }
        if (!data.isArray()) {
            throw ApiException.invalidField("data", "data must be an array of pages");
        }
        if (data.size() > maxPages) {
            throw ApiException.invalidField("data", "at most " + maxPages + " pages per delivery, got "
                    + data.size());
        }
        if (Boolean.FALSE.equals(success)) {
            List<CrawlEvent> failed = new ArrayList<>();
            String error = optionalText(body, "error", "error");
            if (data.isEmpty()) {
                failed.add(crawlEvent(jobId, CrawlEventKind.PAGE_FAILED, type, webhookId, null, null, error, now));
            }
            for (int i = 0; i < data.size(); i++) {
                JsonNode metadata = metadata(data.get(i), i);
                String url = metadata == null ? null : url(metadata, i, false);
                failed.add(crawlEvent(jobId, CrawlEventKind.PAGE_FAILED, type, webhookId, url, null, error, now));
            }
            return new FirecrawlEvent(type, jobId, webhookId, List.of(), failed, false);
        }
        List<DocumentEvent> documents = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            documents.add(document(data.get(i), i, jobId, webhookId, now));
        }
        return new FirecrawlEvent(type, jobId, webhookId, documents, List.of(), false);
    }

    private static JsonNode metadata(JsonNode page, int i) {
        object(page, "data[" + i + "]");
        JsonNode metadata = page.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        return object(metadata, "data[" + i + "].metadata");
    }

    private static String url(JsonNode metadata, int i, boolean required) {
        String prefix = "data[" + i + "].metadata.";
        String url = optionalText(metadata, "url", prefix + "url");
        if (url == null || url.isBlank()) {
            url = optionalText(metadata, "sourceURL", prefix + "sourceURL");
        }
        if (required && (url == null || url.isBlank())) {
            throw ApiException.invalidField(prefix + "url", prefix + "url (or sourceURL) is required for a page");
        }
        return url;
    }

    private DocumentEvent document(JsonNode page, int i, String jobId, String webhookId, Instant now) {
        String prefix = "data[" + i + "]";
        JsonNode metadata = metadata(page, i);
        if (metadata == null) {
            throw ApiException.invalidField(prefix + ".metadata", prefix + ".metadata is required for a page");
        }
        String url = Fields.url(url(metadata, i, true), prefix + ".metadata.url");
        String m = prefix + ".metadata.";
        Map<String, Object> extra = Fields.metadata(metadata, prefix + ".metadata");
        return DocumentEvent.builder(url)
                .title(optionalText(metadata, "title", m + "title"))
                .description(optionalText(metadata, "description", m + "description"))
                .language(optionalText(metadata, "language", m + "language"))
                .contentType(optionalText(metadata, "contentType", m + "contentType"))
                .statusCode(optionalInt(metadata, "statusCode", m + "statusCode"))
                .markdown(optionalText(page, "markdown", prefix + ".markdown"))
                .html(optionalText(page, "html", prefix + ".html"))
                .metadata(extra)
                .source(new DocumentSource(SourceKind.FIRECRAWL, jobId, webhookId))
                .receivedAt(now)
                .build();
    }

    private CrawlEvent lifecycle(JsonNode body, String type, String action, String jobId, String webhookId,
            Instant now) {
        if (jobId == null) {
            throw ApiException.invalidField("id", "id (the job id) is required for " + type);
        }
        CrawlEventKind kind = switch (action) {
            case "started" -> CrawlEventKind.STARTED;
            case "completed" -> CrawlEventKind.COMPLETED;
            case "failed" -> CrawlEventKind.FAILED;
            default -> CrawlEventKind.CANCELLED;
        };
        JsonNode metadata = body.get("metadata");
        String url = null;
        if (metadata != null && metadata.isObject()) {
            url = optionalText(metadata, "url", "metadata.url");
        }
        return crawlEvent(jobId, kind, type, webhookId, url, null, optionalText(body, "error", "error"), now);
    }

    private static CrawlEvent crawlEvent(String jobId, CrawlEventKind kind, String type, String webhookId, String url,
            CrawlEvent.PageCounts pages, String error, Instant now) {
        if (jobId == null) {
            throw ApiException.invalidField("id", "id (the job id) is required for " + type);
        }
        return new CrawlEvent(CrawlEvent.CURRENT_SCHEMA_VERSION, jobId, kind, type, webhookId, url, pages, error, now);
    }
}
