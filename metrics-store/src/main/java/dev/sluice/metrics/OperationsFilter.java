package dev.sluice.metrics;

/**
 * Which rows of {@code webhook.operation_metrics} to list. {@code null} means "any".
 *
 * @param operationType exact {@code operation_type}
 * @param operationName exact {@code operation_name}
 * @param documentUrl   exact {@code document_url}
 * @param success       only successes ({@code true}) or failures ({@code false})
 * @param hours         only rows of the last this many hours (at least 1)
 * @param limit         rows per page (at least 1)
 * @param offset        rows to skip (at least 0), newest first
 */
public record OperationsFilter(String operationType, String operationName, String documentUrl, Boolean success,
        int hours, int limit, int offset) {

    public OperationsFilter {
        if (hours < 1) {
            throw new IllegalArgumentException("hours must be >= 1 but was " + hours);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 but was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
        }
    }
}
