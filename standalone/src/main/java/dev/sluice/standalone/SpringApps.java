package dev.sluice.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;

/**
 * Starts one of Sluice's Spring Boot applications inside this JVM, next to the others. Two things differ from
 * starting it alone:
 * <ul>
 *   <li>Every module has its own {@code application.yml} at the root of its jar, and with several modules on one
 *   classpath {@code classpath:application.yml} would be whichever jar comes first. Each application is therefore
 *   pointed at the {@code application.yml} of its own jar (found next to its main class).</li>
 *   <li>The runner's settings (ports, addresses, directories) go in as the highest-precedence property source, above
 *   the application's own file and the environment; settings the runner does not decide keep their usual sources, so
 *   {@code SLUICE_BATCH_MAXDOCUMENTS=32} still works.</li>
 * </ul>
 * Shutdown hooks are off: the runner closes the contexts itself, in order.
 */
final class SpringApps {
    private SpringApps() {}

    static ConfigurableApplicationContext start(Class<?> application, Map<String, Object> settings) {
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.put("spring.config.location", ownResource(application, "application.yml").toString());
        // the runner stops logging itself after the last part is down
        all.put("logging.register-shutdown-hook", "false");
        StandardServletEnvironment environment = new StandardServletEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("sluice-standalone", all));
        return new SpringApplicationBuilder(application)
                .main(application) // start-up lines name the application, not the launcher
                .web(WebApplicationType.SERVLET)
                .environment(environment)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                .run();
    }

    /**
     * The resource {@code name} at the root of the jar (or classes directory) that holds {@code type}, whichever
     * other jars on the classpath have a resource of that name.
     */
    static URL ownResource(Class<?> type, String name) {
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
