package dev.sluice.processor.crawl;

import dev.sluice.metrics.CrawlFact;
import dev.sluice.schemas.Json;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads just enough of a {@code DocumentEvent} to count it for its crawl: {@code documentId}, {@code url},
 * {@code receivedAt} and {@code source.jobId}. A streaming parse that skips the content without decoding it, so
 * reading the documents topic a second time costs little beside the indexing.
 */
final class DocumentJobReader {
    private DocumentJobReader() {}

    /** The page this document is of its job, or empty when it belongs to no job (or is not a readable document). */
    static Optional<CrawlFact.PageReceived> read(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        String documentId = null;
        String url = null;
        String receivedAt = null;
        String jobId = null;
        try (JsonParser p = Json.mapper().createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken token = p.nextToken();
                switch (name) {
                    case "documentId" -> documentId = text(p, token);
                    case "url" -> url = text(p, token);
                    case "receivedAt" -> receivedAt = text(p, token);
                    case "source" -> jobId = jobId(p, token);
                    default -> p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return Optional.empty(); // the topology sends it to the dead-letter topic; nothing to count here
        }
        if (documentId == null || jobId == null) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = receivedAt == null ? Instant.now() : Instant.parse(receivedAt);
        } catch (RuntimeException e) {
            at = Instant.now();
        }
        return Optional.of(new CrawlFact.PageReceived(jobId, documentId, url, at));
    }

    private static String text(JsonParser p, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        p.skipChildren();
        return null;
    }

    private static String jobId(JsonParser p, JsonToken token) {
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String jobId = null;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            if (name.equals("jobId")) {
                jobId = text(p, t);
            } else {
                p.skipChildren();
            }
        }
        return jobId;
    }
}
