package dev.sluice.processor.search;

import dev.sluice.processor.index.SearchFilter;

/**
 * A search as a user asks it.
 *
 * @param query    what the user typed; not blank. Any text is accepted: it is never interpreted as query syntax
 * @param mode     which retrieval to use
 * @param limit    how many results, {@value #MIN_LIMIT} to {@value #MAX_LIMIT}
 * @param filter   restrictions on domain, URL prefix and language; {@code null} means {@link SearchFilter#NONE}
 * @param perChunk {@code true} for one result per matching chunk; {@code false} (the usual) for one per document,
 *                 showing its best chunk
 */
public record SearchRequest(String query, SearchMode mode, int limit, SearchFilter filter, boolean perChunk) {
    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 10;

    public SearchRequest {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("query must not be blank");
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode must be one of HYBRID, BM25, VECTOR");
        }
        if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "limit must be between " + MIN_LIMIT + " and " + MAX_LIMIT + " but was " + limit);
        }
        filter = filter == null ? SearchFilter.NONE : filter;
    }

    /** A hybrid search for the {@value #DEFAULT_LIMIT} best documents, unfiltered. */
    public static SearchRequest of(String query) {
        return new SearchRequest(query, SearchMode.HYBRID, DEFAULT_LIMIT, SearchFilter.NONE, false);
    }
}
