package dev.sluice.gateway.web;

import dev.sluice.schemas.Json;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies as JSON trees. Malformed JSON (or invalid UTF-8) is a 400 that says where the parser stopped;
 * what the fields must be is checked afterwards by {@link Fields}, which answers 422 naming the field.
 */
public final class JsonBodies {
    private JsonBodies() {}

    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", "the request body is empty");
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", "the request body is empty");
            }
            return node;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                    + " (byte " + at.getByteOffset() + ")";
            String what = e.getOriginalMessage();
            int newline = what.indexOf('\n');
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json",
                    "the body is not valid JSON" + where + ": " + (newline > 0 ? what.substring(0, newline) : what));
        }
    }
}
