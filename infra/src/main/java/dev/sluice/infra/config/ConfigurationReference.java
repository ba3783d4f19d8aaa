package dev.sluice.infra.config;

import java.util.List;
import java.util.Map;

/**
 * Renders {@code docs/configuration.md}: for each application every key with its environment variable, type (with its
 * unit), default and description, from the applications' configuration metadata. The file is never edited by hand: a
 * test fails when it differs from what this renders.
 */
public final class ConfigurationReference {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("java.lang.String", "text"),
            Map.entry("java.lang.Integer", "integer"),
            Map.entry("java.lang.Long", "integer"),
            Map.entry("java.lang.Boolean", "boolean"),
            Map.entry("java.time.Duration", "duration"),
            Map.entry("org.springframework.util.unit.DataSize", "data size"),
            Map.entry("java.nio.file.Path", "path"),
            Map.entry("java.util.List<java.net.URI>", "list of URLs"),
            Map.entry("java.util.Map<java.lang.String,java.lang.String>", "map"));

    private ConfigurationReference() {}

    /** The whole reference for these applications. */
    public static String render(List<ApplicationConfiguration> applications) {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Configuration reference

                <!-- Generated from the applications' configuration metadata (the javadoc of their configuration
                     records) by infra's ConfigurationReferenceTest; do not edit. After changing a configuration class:
                     ./mvnw -pl infra -am verify -Dsluice.docs.update=true -Dtest=ConfigurationReferenceTest
                     -Dit.test=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -->

                Every key can be set in the application's `application.yml`, as a command-line argument
                (`--sluice.batch.max-documents=32`) or from the environment, under the variable named here (Spring Boot's
                relaxed binding: upper case, `.` as `_`, without `-`). A list is comma-separated in one variable. A map
                takes its entries as sub-keys: `SLUICE_KAFKA_STREAMS_MAX_REQUEST_SIZE=11534336` sets the Kafka setting
                `max.request.size` (a variable is read in lower case with `_` as `.`; a setting whose name has a `-` or
                `_` needs the key form, `--sluice.kafka.streams[some_setting]=...`). Where the old worker's variable is
                given as well, it keeps working; the variable named first wins when both are set.

                Units: a **duration** is written `100ms`, `5s`, `10m`, `2h` or `1d` (a bare number is milliseconds); a
                **data size** `512KB`, `8MB` or `1GB` (a bare number is bytes). Bad values stop the application at
                start-up with a message naming the key.

                Spring Boot's own settings apply as well, e.g. `SERVER_PORT`, `SERVER_ADDRESS`,
                `LOGGING_LEVEL_DEV_SLUICE=DEBUG`.
                """);
        for (ApplicationConfiguration application : applications) {
            out.append("\n## ").append(application.title()).append("\n\n");
            out.append("| key | environment variable | type | default | description |\n");
            out.append("|---|---|---|---|---|\n");
            for (ConfigurationKey key : application.keys()) {
                out.append("| `").append(key.name()).append(key.isMap() ? ".*" : "").append("` | ")
                        .append(variables(key)).append(" | ")
                        .append(TYPES.getOrDefault(key.type(), "`" + key.type() + "`")).append(" | ")
                        .append(key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`").append(" | ")
                        .append(cell(key.description())).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String variables(ConfigurationKey key) {
        StringBuilder cell = new StringBuilder("`").append(EnvironmentNames.of(key.name()))
                .append(key.isMap() ? "_*" : "").append('`');
        for (String alias : key.aliases()) {
            int space = alias.indexOf(' ');
            cell.append(", `").append(space < 0 ? alias : alias.substring(0, space)).append('`')
                    .append(space < 0 ? "" : alias.substring(space).replace("|", "\\|"));
        }
        return cell.toString();
    }

    /** Javadoc to Markdown for one table cell. */
    private static String cell(String javadoc) {
        String text = javadoc.replaceAll("\\{@code ([^}]*)}", "`$1`").replaceAll("\\{@link ([^}]*)}", "`$1`")
                .replaceAll("\\s+", " ").replace("|", "\\|").strip();
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1)
                + (text.endsWith(".") ? "" : ".");
    }
}
