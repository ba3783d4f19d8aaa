package dev.sluice.gateway.hostile;

import java.util.Map;
import java.util.Set;

/**
 * One generated request and what the gateway must answer.
 *
 * @param category        the kind of hostility, for the summary
 * @param name            what exactly this request does, for failure messages
 * @param headers         request headers (no Host, Connection, Content-Length or Transfer-Encoding)
 * @param body            the raw body, or {@code null} for none
 * @param chunked         send the body with chunked transfer encoding instead of a Content-Length
 * @param statuses        the acceptable statuses (one, except where the outcome legitimately depends on the broker)
 * @param error           the expected {@code error} code of a refusal, or {@code null} when not fixed
 * @param field           the expected {@code field} of a refusal, or {@code null} when there must be none
 * @param storedDocuments how many new documents a 202 must report (0 for a repeat)
 */
record HostileRequest(String category, String name, String method, String path, Map<String, String> headers,
        byte[] body, boolean chunked, Set<Integer> statuses, String error, String field, int storedDocuments) {

    HostileRequest expect(int status, String error, String field) {
        return new HostileRequest(category, name, method, path, headers, body, chunked, Set.of(status), error, field,
                0);
    }

    HostileRequest accepted(int documents) {
        return new HostileRequest(category, name, method, path, headers, body, chunked, Set.of(202), null, null,
                documents);
    }

    HostileRequest chunkedBody() {
        return new HostileRequest(category, name + " (chunked)", method, path, headers, body, true, statuses, error,
                field, storedDocuments);
    }

    @Override
    public String toString() {
        return category + ": " + name + " (" + (body == null ? 0 : body.length) + " bytes)";
    }
}
