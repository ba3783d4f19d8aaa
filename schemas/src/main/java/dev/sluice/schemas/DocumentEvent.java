package dev.sluice.schemas;

import java.time.Instant;
import java.util.Map;

/**
 * A document to index: the value of {@code sluice.documents}, keyed by {@link #documentId()}. A {@code null} value
 * under a document id (a tombstone) asks for that document to be deleted everywhere.
 *
 * <p>At least one of {@link #markdown()}, {@link #html()} and {@link #text()} should carry content; the processor
 * prefers them in that order. A document without any is not malformed: it is indexed as {@code FAILED} with
 * {@code EMPTY_CONTENT}, so that its producer sees why.
 *
 * @param schemaVersion version of this message format ({@value #CURRENT_SCHEMA_VERSION} for now)
 * @param documentId    stable id: the producer's, or {@link DocumentIds#fromUrl(String)} of the URL
 * @param url           the URL the document was fetched from, as the producer gave it
 * @param canonicalUrl  the URL after {@link CanonicalUrl} normalisation, if it could be computed
 * @param title         page title
 * @param description   page description (meta description)
 * @param markdown      content as markdown
 * @param html          content as HTML
 * @param text          content as plain text
 * @param language      language tag (BCP 47), if known
 * @param contentType   media type of the original resource, if known
 * @param statusCode    HTTP status of the fetch, if known
 * @param metadata      any further producer metadata, kept verbatim
 * @param source        who sent it
 * @param receivedAt    when Sluice accepted it
 */
public record DocumentEvent(
        int schemaVersion,
        String documentId,
        String url,
        String canonicalUrl,
        String title,
        String description,
        String markdown,
        String html,
        String text,
        String language,
        String contentType,
        Integer statusCode,
        Map<String, Object> metadata,
        DocumentSource source,
        Instant receivedAt) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public DocumentEvent {
        Fields.atLeast(schemaVersion, 1, "schemaVersion");
        DocumentIds.checkId(Fields.required(documentId, "documentId"));
        Fields.requiredText(url, "url");
        Fields.required(source, "source");
        Fields.required(receivedAt, "receivedAt");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Whether any content field is non-blank. */
    public boolean hasContent() {
        return notBlank(markdown) || notBlank(html) || notBlank(text);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** A builder for the common case, with the document id derived from the URL unless one is set. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** Builds {@link DocumentEvent}s; unset fields stay {@code null}. */
    public static final class Builder {
        private final String url;
        private String documentId;
        private String title;
        private String description;
        private String markdown;
        private String html;
        private String text;
        private String language;
        private String contentType;
        private Integer statusCode;
        private Map<String, Object> metadata = Map.of();
        private DocumentSource source = DocumentSource.of(SourceKind.API);
        private Instant receivedAt = Instant.now();

        private Builder(String url) {
            this.url = url;
        }

        public Builder documentId(String documentId) { this.documentId = documentId; return this; }
        public Builder title(String title) { this.title = title; return this; }
        public Builder description(String description) { this.description = description; return this; }
        public Builder markdown(String markdown) { this.markdown = markdown; return this; }
        public Builder html(String html) { this.html = html; return this; }
        public Builder text(String text) { this.text = text; return this; }
        public Builder language(String language) { this.language = language; return this; }
        public Builder contentType(String contentType) { this.contentType = contentType; return this; }
        public Builder statusCode(Integer statusCode) { this.statusCode = statusCode; return this; }
        public Builder metadata(Map<String, Object> metadata) { this.metadata = metadata; return this; }
        public Builder source(DocumentSource source) { this.source = source; return this; }
        public Builder receivedAt(Instant receivedAt) { this.receivedAt = receivedAt; return this; }

        public DocumentEvent build() {
            String canonical = CanonicalUrl.tryNormalize(url).orElse(null);
            String id = documentId != null ? documentId : DocumentIds.fromUrl(url);
            return new DocumentEvent(CURRENT_SCHEMA_VERSION, id, url, canonical, title, description, markdown, html,
                    text, language, contentType, statusCode, metadata, source, receivedAt);
        }
    }
}
