package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.OwnResource;
import dev.sluice.gateway.GatewayApplication;
import dev.sluice.processor.app.ProcessorApplication;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class SpringAppsTest {

    @Test
    void shouldSeeSeveralApplicationYmlsOnTheClasspath() throws Exception {
        // the reason SpringApps exists: classpath:application.yml alone would pick one of these for both apps
        assertThat(Collections.list(getClass().getClassLoader().getResources("application.yml"))).hasSizeGreaterThan(1);
    }

    @Test
    void shouldFindTheGatewaysOwnApplicationYml() throws Exception {
        assertThat(read(OwnResource.of(GatewayApplication.class, "application.yml")))
                .contains("name: sluice-gateway").doesNotContain("sluice-processor");
    }

    @Test
    void shouldFindTheProcessorsOwnApplicationYml() throws Exception {
        assertThat(read(OwnResource.of(ProcessorApplication.class, "application.yml")))
                .contains("name: sluice-processor").doesNotContain("sluice-gateway");
    }

    private static String read(URL url) throws Exception {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
