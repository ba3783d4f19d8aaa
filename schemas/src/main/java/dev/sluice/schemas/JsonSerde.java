package dev.sluice.schemas;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * A strict JSON serde for one message type. Unknown fields are tolerated; a missing required field, a wrong type or
 * malformed JSON fails with a {@link SerializationException} whose message names the topic, the type and the field
 * path (such as {@code source.kind}). It never answers bad data with {@code null}: {@code null} in and out means a
 * tombstone only.
 *
 * @param <T> the message type
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    /** Jackson's advice on which of its features to flip: noise for the producer of a bad message. */
    private static final java.util.regex.Pattern JACKSON_HINT =
            java.util.regex.Pattern.compile(" \\((?:set|but) [^)]*\\)");

    private final Class<T> type;

    private JsonSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsBytes(data);
        } catch (JacksonException e) {
            throw new SerializationException("Cannot serialize " + type.getSimpleName() + " for topic " + topic + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new SerializationException(prefix(topic) + "the value is empty (a tombstone is a null value)");
        }
        T value;
        try {
            value = Json.mapper().readValue(data, type);
        } catch (JacksonException e) {
            throw new SerializationException(prefix(topic) + describe(e), e);
        }
        if (value == null) {
            throw new SerializationException(prefix(topic) + "the value is JSON null, not an object");
        }
        return value;
    }

    private String prefix(String topic) {
        return "Cannot deserialize " + type.getSimpleName() + (topic == null ? "" : " from topic " + topic) + ": ";
    }

    /** Names the offending field; keeps Jackson's own words about what is wrong with it. */
    static String describe(JacksonException e) {
        String path = path(e.getPath());
        if (e instanceof ValueInstantiationException && e.getCause() instanceof InvalidFieldException invalid) {
            String field = path.isEmpty() ? invalid.field() : path + "." + invalid.field();
            return "field '" + field + "' " + invalid.getMessage().substring(invalid.getMessage().indexOf("' ") + 2);
        }
        String what = e.getOriginalMessage();
        int newline = what.indexOf('\n');
        if (newline > 0) {
            what = what.substring(0, newline);
        }
        if (what.startsWith("Cannot map `null` into type") && !path.isEmpty()) {
            return "field '" + path + "' is required";
        }
        what = JACKSON_HINT.matcher(what).replaceAll("");
        String location = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return (path.isEmpty() ? "" : "field '" + path + "': ") + what + location;
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : references) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the mapping is fixed by the message contract
    }

    @Override
    public void close() {
        // stateless
    }
}
