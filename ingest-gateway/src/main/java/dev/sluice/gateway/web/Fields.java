package dev.sluice.gateway.web;

import tools.jackson.databind.JsonNode;

/**
 * Typed reads of JSON fields that fail with a 422 naming the field's full path. Absent and {@code null} are the same
 * for optional fields.
 */
public final class Fields {
    private Fields() {}

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
