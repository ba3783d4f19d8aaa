package dev.sluice.gateway.web;

import dev.sluice.schemas.CanonicalUrl;
import dev.sluice.schemas.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of JSON fields that fail with a 422 naming the field's full path. Absent and {@code null} are the same
 * for optional fields.
 */
public final class Fields {
    /**
     * Longest URL accepted. Browsers and servers stop around 8 KB too; the URL is repeated in logs, outcomes and the
     * index, so a megabyte-long one would be copied everywhere.
     */
    public static final int MAX_URL_LENGTH = 8192;
    /**
     * Deepest nesting inside {@code metadata}. The JSON parser allows 500 levels in the whole body, and so does the
     * writer: metadata nested nearly that deep would parse and then fail when the document is written to Kafka.
     */
    public static final int MAX_METADATA_DEPTH = 64;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Fields() {}

    /**
     * A document URL: at most {@value #MAX_URL_LENGTH} characters, no control characters (a URL has none; they would
     * reach log lines and the index raw), and one {@link CanonicalUrl} accepts.
     */
    public static String url(String url, String path) {
        if (url.length() > MAX_URL_LENGTH) {
            throw ApiException.invalidField(path, path + " must be at most " + MAX_URL_LENGTH
                    + " characters but has " + url.length());
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i))) {
                throw ApiException.invalidField(path, path + " must not contain control characters (at index " + i
                        + ")");
            }
        }
        try {
            CanonicalUrl.normalize(url);
        } catch (CanonicalUrl.InvalidUrlException e) {
            throw ApiException.invalidField(path, e.getMessage());
        }
        return url;
    }

    /**
     * A metadata object as a map: at most {@value #MAX_METADATA_DEPTH} levels deep; top-level {@code null} values are
     * left out (absent and {@code null} are the same, and the document's metadata map holds no nulls).
     */
    public static Map<String, Object> metadata(JsonNode node, String path) {
        object(node, path);
        if (depth(node) > MAX_METADATA_DEPTH) {
            throw ApiException.invalidField(path, path + " must not be nested more than " + MAX_METADATA_DEPTH
                    + " levels deep");
        }
        Map<String, Object> all = Json.mapper().convertValue(node, MAP);
        Map<String, Object> present = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (v != null) present.put(k, v);
        });
        return present;
    }

    /** Nesting depth of containers, iteratively (a recursive walk is what deep input is meant to break). */
    private static int depth(JsonNode root) {
        record At(JsonNode node, int depth) {}
        Deque<At> todo = new ArrayDeque<>();
        todo.push(new At(root, 1));
        int max = 0;
        while (!todo.isEmpty()) {
            At at = todo.pop();
            max = Math.max(max, at.depth());
            if (max > MAX_METADATA_DEPTH) {
                return max;
            }
            for (JsonNode child : at.node().values()) {
                if (child.isContainer()) {
                    todo.push(new At(child, at.depth() + 1));
                }
            }
        }
        return max;
    }

    public static JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw ApiException.invalidField(path, path + " must be a JSON object but is " + kind(node));
        }
        return node;
    }

    public static String optionalText(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ApiException.invalidField(path, path + " must be a string but is " + kind(v));
        }
        return v.asString();
    }

    public static String requiredText(JsonNode parent, String name, String path) {
        String v = optionalText(parent, name, path);
        if (v == null || v.isBlank()) {
            throw ApiException.invalidField(path, path + " is required");
        }
        return v;
    }

    public static Integer optionalInt(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.invalidField(path, path + " must be an integer but is " + kind(v));
        }
        return v.intValue();
    }

    public static Boolean optionalBoolean(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalidField(path, path + " must be true or false but is " + kind(v));
        }
        return v.booleanValue();
    }

    static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) return "absent";
        if (v.isNull()) return "null";
        if (v.isString()) return "a string";
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        if (v.isArray()) return "an array";
        return "an object";
    }
}
