package dev.sluice.benchmarks;

import dev.sluice.embedded.OwnResource;
import dev.sluice.gateway.GatewayApplication;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;

/**
 * The real ingest gateway (its Spring Boot application, Tomcat and all) inside the benchmark's JVM, on a free port,
 * publishing to the given documents topic of the in-JVM broker. Started like the standalone runner starts it: its own
 * {@code application.yml} (several modules on the classpath have one), the benchmark's settings above it.
 */
final class GatewayServer implements AutoCloseable {
    /** The bearer secret of the API (a benchmark value: 40 characters, as the gateway requires at least 32). */
    static final String API_SECRET = "bench-api-secret-0123456789-0123456789ab";

    private final ConfigurableApplicationContext context;
    private final int port;

    GatewayServer(String bootstrapServers, String documentsTopic) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.config.location", OwnResource.of(GatewayApplication.class, "application.yml").toString());
        settings.put("server.port", 0);
        settings.put("server.address", "127.0.0.1");
        settings.put("sluice.gateway.bootstrap-servers", bootstrapServers);
        settings.put("sluice.gateway.api-secret", API_SECRET);
        settings.put("sluice.gateway.webhook-secret", "bench-webhook-secret-0123456789-012345678");
        settings.put("sluice.gateway.topics[documents]", documentsTopic);
        settings.put("sluice.jdbc-url", "");
        settings.put("logging.register-shutdown-hook", "false");
        // Tomcat's default of 8,192 connections and 200 threads: as deployed; virtual threads come from application.yml
        StandardServletEnvironment environment = new StandardServletEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("sluice-bench", settings));
        context = new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.SERVLET)
                .environment(environment)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                .logStartupInfo(false)
                .run();
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** {@code http://127.0.0.1:<port>/api/documents}. */
    URI documentsUri() {
        return URI.create("http://127.0.0.1:" + port + "/api/documents");
    }

    @Override
    public void close() {
        context.close();
    }
}
