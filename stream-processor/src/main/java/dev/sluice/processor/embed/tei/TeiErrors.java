package dev.sluice.processor.embed.tei;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sorts TEI's error answers. 408, 429 and 5xx may succeed later: the server or a proxy in front of it was slow,
 * overloaded ({@code error_type} "overloaded") or restarting ("unhealthy"). Every other status will fail again for
 * the same request: 413 (too many inputs, or a body over the payload limit), 422 (tokenizer), 400 (empty input),
 * 401/403 (wrong API key), 424 (TEI's backend failed on this batch) and any other 4xx or unexpected status.
 *
 * <p>TEI answers errors as {@code {"error": "...", "error_type": "..."}}; the message is kept, cut to
 * {@value #MAX_MESSAGE_CHARS} characters and with control characters blanked, because it ends up in outcomes and
 * DLQ headers.
 */
final class TeiErrors {
    static final int MAX_MESSAGE_CHARS = 200;

    private TeiErrors() {}

    /** The failure that {@code answer}, a non-2xx one, stands for. */
    static AttemptFailure classify(TeiAnswer answer, Clock clock, JsonMapper mapper) {
        String description = describe(answer, mapper);
        int status = answer.status();
        Optional<Duration> retryAfter = answer.retryAfter().flatMap(value -> RetryAfter.parse(value, clock));
        if (status == 429) {
            return AttemptFailure.throttled(description, retryAfter);
        }
        if (status == 408 || status >= 500 && status <= 599) {
            return AttemptFailure.retriable(description, retryAfter, null);
        }
        return AttemptFailure.permanent(description);
    }

    /** "HTTP 413 (validation): batch size 33 > maximum allowed batch size 32", or as much of it as the body gives. */
    static String describe(TeiAnswer answer, JsonMapper mapper) {
        StringBuilder text = new StringBuilder("HTTP ").append(answer.status());
        byte[] body = answer.body();
        if (body.length == 0) {
            return text.toString();
        }
        String message = null;
        String type = null;
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && node.isObject()) {
                message = node.path("error").isString() ? node.path("error").stringValue() : null;
                type = node.path("error_type").isString() ? node.path("error_type").stringValue() : null;
            }
        } catch (JacksonException notJson) {
            // A proxy's HTML page or axum's plain-text rejection: show its start instead.
        }
        if (message == null && type == null) {
            message = new String(body, 0, Math.min(body.length, MAX_MESSAGE_CHARS * 4), StandardCharsets.UTF_8);
        }
        if (type != null) {
            text.append(" (").append(clean(type)).append(')');
        }
        if (message != null && !message.isBlank()) {
            text.append(": ").append(clean(message));
        }
        return text.toString();
    }

    private static String clean(String value) {
        String blanked = value.replaceAll("\\p{Cntrl}+", " ").strip();
        return blanked.length() <= MAX_MESSAGE_CHARS ? blanked : blanked.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
