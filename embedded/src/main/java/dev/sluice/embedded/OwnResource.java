package dev.sluice.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;

/**
 * Finds a resource in the jar (or classes directory) of a given class, whichever other jars on the classpath have a
 * resource of that name: several Sluice applications run in one JVM (the all-in-one runner, the benchmarks), and each
 * must start with its own {@code application.yml}.
 */
public final class OwnResource {
    private OwnResource() {}

    /**
     * The resource {@code name} at the root of the jar (or classes directory) that holds {@code type}.
     *
     * @throws UncheckedIOException if there is none
     */
    public static URL of(Class<?> type, String name) {
        String classFile = type.getName().replace('.', '/') + ".class";
        URL classUrl = type.getClassLoader().getResource(classFile);
        if (classUrl == null) {
            throw new IllegalStateException("cannot locate " + classFile);
        }
        String s = classUrl.toString();
        String root = s.substring(0, s.length() - classFile.length());
        try {
            URL url = URI.create(root + name).toURL();
            try (InputStream in = url.openStream()) {
                return url;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no " + name + " next to " + type.getName() + " at " + root, e);
        }
    }
}
