package dev.sluice.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String field) {}
