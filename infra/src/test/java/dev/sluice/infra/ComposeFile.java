package dev.sluice.infra;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code infra/docker-compose.yml} as data: its services and the environment each sets, interpolated the way Compose
 * does it with the variables of {@code .env.example} ({@code ${X:-default}}, {@code ${X:?message}}, {@code $$}).
 */
final class ComposeFile {
    static final Path INFRA = Path.of(System.getProperty("user.dir"));
    static final Path FILE = INFRA.resolve("docker-compose.yml");
    static final Path ENV_EXAMPLE = INFRA.resolve(".env.example");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private final Map<String, Object> services;
    private final Map<String, String> variables;

    private ComposeFile(Map<String, Object> services, Map<String, String> variables) {
        this.services = services;
        this.variables = variables;
    }

    @SuppressWarnings("unchecked")
    static ComposeFile load() throws IOException {
        try (Reader in = Files.newBufferedReader(FILE)) {
            Map<String, Object> root = new Yaml().load(in);
            return new ComposeFile((Map<String, Object>) root.get("services"), envExample());
        }
    }

    /** {@code .env.example}: the variables a user starts from. */
    static Map<String, String> envExample() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return values;
    }

    /** One variable of {@code .env.example}. */
    static String envExampleValue(String name) {
        try {
            return envExample().get(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    List<String> serviceNames() {
        return List.copyOf(services.keySet());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> service(String name) {
        Object service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service '" + name + "' in " + FILE);
        }
        return (Map<String, Object>) service;
    }

    /** The environment a service's container gets, as written (before interpolation). */
    Map<String, String> rawEnvironment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (environment instanceof List<?> list) {
            for (Object item : list) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    /** The environment a service's container gets, interpolated with {@code .env.example}'s variables. */
    Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        rawEnvironment(name).forEach((k, v) -> env.put(k, interpolate(v)));
        return env;
    }

    String interpolate(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String set = variables.get(m.group(1));
                boolean empty = set == null || (set.isEmpty() && m.group(2) != null && m.group(2).startsWith(":"));
                if (!empty) {
                    replacement = set;
                } else if (m.group(2) != null && m.group(2).endsWith("?")) {
                    throw new IllegalStateException("Compose would stop: " + m.group(1) + " unset (" + m.group(3) + ")");
                } else {
                    replacement = m.group(3) == null ? "" : m.group(3);
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
