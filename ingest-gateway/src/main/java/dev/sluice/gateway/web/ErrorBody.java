package dev.sluice.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of every error answer.
 *
 * @param error   a stable, machine-readable code
 * @param message what exactly is wrong, for a person; never document content or secrets
 * @param field   the offending field or parameter, as a path, where there is one
 */
@Schema(name = "ErrorBody", description = "Every error answer of the gateway.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "invalid_field") String error,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                example = "documents[2].url is required") String message,
        @Schema(description = "absent when the error is not about one field", example = "documents[2].url")
        String field) {}
