package dev.sluice.schemas;

/** Checks on record components that fail with the JSON field name, so that a bad message names what is wrong. */
final class Fields {
    private Fields() {}

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }

    static String requiredText(String value, String field) {
        required(value, field);
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank");
        }
        return value;
    }

    static int atLeast(int value, int min, String field) {
        if (value < min) {
            throw new InvalidFieldException(field, "must be >= " + min + " but was " + value);
        }
        return value;
    }

    static long atLeast(long value, long min, String field) {
        if (value < min) {
            throw new InvalidFieldException(field, "must be >= " + min + " but was " + value);
        }
        return value;
    }
}
