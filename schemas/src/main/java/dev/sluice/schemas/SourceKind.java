package dev.sluice.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who handed a document to Sluice. */
public enum SourceKind {
    /** A Firecrawl webhook delivery ({@code POST /api/webhook/firecrawl}). */
    @JsonProperty("firecrawl") FIRECRAWL,
    /** The generic documents API ({@code POST /api/documents}). */
    @JsonProperty("api") API,
    /** Any Kafka producer writing to the documents topic directly. */
    @JsonProperty("kafka") KAFKA
}
