package dev.sluice.infra.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Environment variables and configuration keys, both ways, by Spring Boot's relaxed binding: a key becomes its
 * variable by upper-casing it, turning dots into underscores and dropping dashes ({@code sluice.gateway.processor-urls}
 * → {@code SLUICE_GATEWAY_PROCESSORURLS}); a variable is read back into a key by Spring Boot's own mapper for the system
 * environment, so that what is documented and checked here is what the applications bind.
 */
public final class EnvironmentNames {
    private EnvironmentNames() {}

    /** The environment variable of a key. */
    public static String of(String key) {
        return key.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The key Spring Boot reads an environment variable as; empty when it reads none from it. */
    public static Optional<ConfigurationPropertyName> keyOf(String variable) {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value"));
        for (ConfigurationPropertySource source : ConfigurationPropertySources.from(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                return iterable.stream().findFirst();
            }
        }
        return Optional.empty();
    }

    /** Whether Spring Boot binds the variable to the key (to one of its entries, for a map). */
    public static boolean binds(String variable, ConfigurationKey key) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key.name());
        return keyOf(variable).map(read -> name.equals(read) || (key.isMap() && name.isAncestorOf(read)))
                .orElse(false);
    }
}
