package dev.sluice.gateway.metrics;

import dev.sluice.gateway.web.ApiException;
import dev.sluice.metrics.OperationsFilter;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The metrics API's query parameters, checked: a bad value is a 400 {@code invalid_parameter} naming the parameter.
 * Blank means "not given". Values are echoed only abbreviated.
 */
public final class MetricsParameters {
    public static final int DEFAULT_HOURS = 24;
    public static final int MAX_HOURS = 8760;
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_OFFSET = 1_000_000;
    private static final Pattern OPERATION_TYPE = Pattern.compile("[a-z0-9_]{1,64}");
    private static final int ECHO_MAX = 40;

    private MetricsParameters() {}

    /** The filter of {@code GET /api/metrics/operations}. */
    public static OperationsFilter operations(String operationType, String operationName, String documentUrl,
            String success, String hours, String limit, String offset) {
        return new OperationsFilter(operationType(operationType), text("operation_name", operationName, 200),
                text("document_url", documentUrl, 2048), success(success),
                integer("hours", hours, DEFAULT_HOURS, 1, MAX_HOURS),
                integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                integer("offset", offset, 0, 0, MAX_OFFSET));
    }

    /** {@code hours} of {@code GET /api/metrics/summary}. */
    public static int hours(String hours) {
        return integer("hours", hours, DEFAULT_HOURS, 1, MAX_HOURS);
    }

    /** A job id as the crawl API takes it: 1–512 characters, no control characters. */
    public static String jobId(String jobId) {
        if (jobId == null || jobId.isBlank() || jobId.length() > 512 || jobId.chars().anyMatch(Character::isISOControl)) {
            throw invalid("jobId", "jobId must be 1 to 512 characters without control characters");
        }
        return jobId;
    }

    private static String operationType(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!OPERATION_TYPE.matcher(value.strip()).matches()) {
            throw invalid("operation_type", "operation_type must be lower-case letters, digits and '_' (such as "
                    + "batch_processing) but was '" + echo(value) + "'");
        }
        return value.strip();
    }

    private static String text(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(name, name + " must be at most " + maxLength + " characters without control characters");
        }
        return value;
    }

    private static Boolean success(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid("success", "success must be true or false but was '" + echo(value) + "'");
        };
    }

    private static int integer(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            parsed = Integer.MIN_VALUE;
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, name + " must be an integer from " + min + " to " + max + " but was '" + echo(value)
                    + "'");
        }
        return parsed;
    }

    private static ApiException invalid(String parameter, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", message, parameter);
    }

    private static String echo(String value) {
        return value.length() <= ECHO_MAX ? value : value.substring(0, ECHO_MAX) + "...";
    }
}
