package dev.sluice.gateway.web;

import org.springframework.http.HttpStatus;

/**
 * A request the gateway refuses, with the status and the JSON body {@code {error, message, field?}} it answers with.
 * {@code error} is a stable, machine-readable code; {@code message} says exactly what is wrong; {@code field} names
 * the offending JSON field (as a path such as {@code data[0].metadata.url}) where there is one.
 */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String error;
    private final String field;

    public ApiException(HttpStatus status, String error, String message, String field) {
        super(message);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    public ApiException(HttpStatus status, String error, String message) {
        this(status, error, message, null);
    }

    public static ApiException invalidField(String field, String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_field", message, field);
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String field() {
        return field;
    }
}
