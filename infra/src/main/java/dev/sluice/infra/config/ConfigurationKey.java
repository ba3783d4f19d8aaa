package dev.sluice.infra.config;

import java.util.Objects;

/**
 * One configuration key of an application, as its configuration metadata describes it.
 *
 * @param name          the canonical key, e.g. {@code sluice.gateway.processor-urls}
 * @param type          the Java type it binds to, e.g. {@code java.time.Duration}
 * @param description   its documentation (the javadoc of the record component), possibly empty
 * @param defaultValue  its default as text, empty when it has none
 * @param aliases       other environment variables the application's {@code application.yml} reads for it
 */
public record ConfigurationKey(String name, String type, String description, String defaultValue,
        java.util.List<String> aliases) {

    public ConfigurationKey {
        Objects.requireNonNull(name, "name");
        type = type == null ? "" : type;
        description = description == null ? "" : description;
        defaultValue = defaultValue == null ? "" : defaultValue;
        aliases = aliases == null ? java.util.List.of() : java.util.List.copyOf(aliases);
    }

    /** Whether the key is a map: any sub-key is accepted (e.g. {@code sluice.kafka.streams[linger.ms]}). */
    public boolean isMap() {
        return type.startsWith("java.util.Map");
    }
}
