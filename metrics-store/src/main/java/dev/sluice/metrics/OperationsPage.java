package dev.sluice.metrics;

import java.util.List;
import java.util.Map;

/**
 * One page of operation rows and the figures by type.
 *
 * @param rows   the rows of the page, newest first
 * @param total  rows matching the filter, over all pages
 * @param byType figures per {@code operation_type} over the filter's time window (the other filters do not apply,
 *               so that one request shows every type beside the rows asked for), by type name
 */
public record OperationsPage(List<OperationRow> rows, long total, Map<String, TypeStatistics> byType) {}
