package dev.sluice.schemas;

/**
 * Where a document came from.
 *
 * @param kind    the entry point
 * @param jobId   the crawl or batch job the document belongs to, if any (Firecrawl's job id)
 * @param eventId the delivery that carried it (Firecrawl's {@code webhookId}, or a producer's event id), if any
 */
public record DocumentSource(SourceKind kind, String jobId, String eventId) {
    public DocumentSource {
        Fields.required(kind, "kind");
    }

    public static DocumentSource of(SourceKind kind) {
        return new DocumentSource(kind, null, null);
    }
}
