package dev.sluice.schemas;

/**
 * A message field that is missing or out of range. Thrown from record constructors; the {@link JsonSerde} turns it
 * into a {@code SerializationException} that names the full path of the field.
 */
public final class InvalidFieldException extends IllegalArgumentException {
    private final String field;

    public InvalidFieldException(String field, String problem) {
        super("field '" + field + "' " + problem);
        this.field = field;
    }

    /** The JSON name of the offending field, relative to the record that rejected it. */
    public String field() {
        return field;
    }
}
