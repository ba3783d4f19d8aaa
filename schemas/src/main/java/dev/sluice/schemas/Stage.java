package dev.sluice.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The steps a document goes through; names match the {@code operation_type} of the PostgreSQL metrics. */
public enum Stage {
    /** Reading the record from the topic. */
    @JsonProperty("deserialization") DESERIALIZATION,
    @JsonProperty("cleaning") CLEANING,
    @JsonProperty("chunking") CHUNKING,
    @JsonProperty("embedding") EMBEDDING,
    @JsonProperty("vector_upsert") VECTOR_UPSERT,
    @JsonProperty("bm25") BM25;

    /** The wire name, as in JSON and in metrics rows. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
