package dev.sluice.standalone.cli;

import dev.sluice.standalone.StandaloneSettings;
import dev.sluice.standalone.client.StatusClient;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice status}: whether the gateway and the processor are up, and what the processor holds. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {"Shows whether the gateway and the processor are up, and what the processor holds.",
                "Reads the gateway's /actuator/health and the processor's /api/stats. The exit code is 1 when either "
                        + "is down."},
        footerHeading = "%nExamples:%n",
        footer = {"  bin/sluice status", "  bin/sluice status --gateway http://gw:8080 --processor http://proc:8081"})
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--gateway", defaultValue = "http://localhost:8080", description = "The gateway's URL (default: "
            + "${DEFAULT-VALUE}).")
    URI gateway;

    @Option(names = "--processor", defaultValue = "http://localhost:8081", description = "The processor's URL "
            + "(default: ${DEFAULT-VALUE}).")
    URI processor;

    @Option(names = "--api-secret", defaultValue = "${env:WEBHOOK_API_SECRET:-" + StandaloneSettings.DEV_API_SECRET
            + "}", showDefaultValue = Visibility.NEVER, description = "The API secret the processor's /api/stats "
            + "wants (default: $WEBHOOK_API_SECRET, else the dev-mode secret of 'sluice up').")
    String apiSecret;

    @Option(names = "--timeout", defaultValue = "5s", description = "How long to wait for each answer (default: "
            + "${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        StatusClient client = new StatusClient(timeout);
        StatusClient.GatewayStatus g = client.gateway(gateway);
        StatusClient.ProcessorStatus p = client.processor(processor, apiSecret);
        print(gateway, g, processor, p, spec.commandLine().getOut());
        return g.up() && p.up() ? 0 : 1;
    }

    static void print(URI gatewayUrl, StatusClient.GatewayStatus g, URI processorUrl, StatusClient.ProcessorStatus p,
            PrintWriter out) {
        out.printf(Locale.ROOT, "gateway    %-26s %s%n", gatewayUrl, g.error() != null && !g.up()
                ? "DOWN: " + g.error() : g.status());
        if (p.error() != null) {
            out.printf(Locale.ROOT, "processor  %-26s DOWN: %s%n", processorUrl, p.error());
        } else {
            out.printf(Locale.ROOT, "processor  %-26s %s, %,d documents (%,d chunks) in %d partitions, %d documents "
                    + "in flight, lag %.0f%n", processorUrl, p.state(), p.documents(), p.chunks(), p.partitions(),
                    p.documentsInFlight(), p.consumerLag());
        }
        out.flush();
    }
}
