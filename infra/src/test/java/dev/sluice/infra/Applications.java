package dev.sluice.infra;

import dev.sluice.gateway.GatewayApplication;
import dev.sluice.infra.config.ApplicationConfiguration;
import dev.sluice.processor.app.ProcessorApplication;
import java.util.List;

/** The two applications of the distributed setup, as the configuration reference and the compose checks see them. */
final class Applications {
    static final ApplicationConfiguration GATEWAY =
            ApplicationConfiguration.of("Ingest gateway", GatewayApplication.class, "sluice.");
    static final ApplicationConfiguration PROCESSOR =
            ApplicationConfiguration.of("Stream processor", ProcessorApplication.class, "sluice.");

    /** In the order of the reference. */
    static final List<ApplicationConfiguration> ALL = List.of(GATEWAY, PROCESSOR);

    private Applications() {}
}
