package dev.sluice.schemas;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic: its name and the serdes of its keys and values. Immutable; main code and tests use the same values
 * from {@link Topics}.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        checkName(name);
    }

    /** The same topic under another name. */
    public Topic<K, V> withName(String newName) {
        return new Topic<>(newName, keySerde, valueSerde);
    }

    /** Kafka's own rules for topic names, checked up front so a bad setting fails at start-up. */
    static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("topic name must not be empty");
        }
        if (name.length() > 249) {
            throw new IllegalArgumentException("topic name '" + name + "' is longer than 249 characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("topic name must not be '.' or '..'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                throw new IllegalArgumentException("topic name '" + name + "' has an illegal character '" + c
                        + "' (allowed: letters, digits, '.', '_', '-')");
            }
        }
        return name;
    }
}
