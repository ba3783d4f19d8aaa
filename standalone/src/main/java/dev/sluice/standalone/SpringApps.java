package dev.sluice.standalone;

import dev.sluice.embedded.OwnResource;
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
        all.put("spring.config.location", OwnResource.of(application, "application.yml").toString());
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
}
