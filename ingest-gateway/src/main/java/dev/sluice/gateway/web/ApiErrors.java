package dev.sluice.gateway.web;

import dev.sluice.gateway.metrics.MetricsUnavailableException;
import dev.sluice.gateway.publish.RecordTooLargeException;
import dev.sluice.gateway.publish.StorageUnavailableException;
import dev.sluice.gateway.search.SearchUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every refusal into a JSON {@code {error, message, field?}} with the right status. Unexpected exceptions are
 * logged with their stack trace and answered 500 without details: they are bugs, never the client's input.
 */
@RestControllerAdvice
public class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(new ErrorBody(e.error(), e.getMessage(), e.field()));
    }

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<ErrorBody> storage(StorageUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(new ErrorBody("storage_unavailable", e.getMessage(), null));
    }

    @ExceptionHandler(RecordTooLargeException.class)
    ResponseEntity<ErrorBody> recordTooLarge(RecordTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(new ErrorBody("document_too_large", e.getMessage(), null));
    }

    @ExceptionHandler(SearchUnavailableException.class)
    ResponseEntity<ErrorBody> search(SearchUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(new ErrorBody("search_unavailable", e.getMessage(), null));
    }

    @ExceptionHandler(MetricsUnavailableException.class)
    ResponseEntity<ErrorBody> metrics(MetricsUnavailableException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE);
        if (e.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
        }
        return answer.body(new ErrorBody("metrics_unavailable", e.getMessage(), null));
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(new ErrorBody("payload_too_large", tooLarge.getMessage(), null));
            }
        }
        return ResponseEntity.badRequest().body(new ErrorBody("unreadable_body",
                "the request body could not be read", null));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new ErrorBody("unsupported_media_type",
                "Content-Type " + (e.getContentType() == null ? "(none)" : e.getContentType())
                        + " is not supported; send application/json", null));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE)
                .body(new ErrorBody("not_acceptable", "answers are application/json", null));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(new ErrorBody("method_not_allowed",
                e.getMethod() + " is not allowed here; allowed: " + e.getSupportedHttpMethods(), null));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(new ErrorBody("missing_parameter",
                "query parameter '" + e.getParameterName() + "' is required", e.getParameterName()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(new ErrorBody("invalid_parameter",
                "parameter '" + e.getName() + "' has an invalid value", e.getName()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> notFound(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(new ErrorBody("not_found", "no such endpoint: /" + e.getResourcePath(), null));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ErrorBody("internal_error", "an unexpected error occurred; it has been logged", null));
    }
}
