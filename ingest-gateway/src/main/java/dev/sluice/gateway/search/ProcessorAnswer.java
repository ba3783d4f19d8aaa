package dev.sluice.gateway.search;

import org.springframework.http.MediaType;

/**
 * What a processor answered, to be passed on as it is.
 *
 * @param status      its HTTP status (2xx or 4xx; anything else is not an answer but a reason to ask the next one)
 * @param contentType its {@code Content-Type}, or {@code null} when it sent none
 * @param body        its body bytes, unchanged
 */
public record ProcessorAnswer(int status, MediaType contentType, byte[] body) {}
