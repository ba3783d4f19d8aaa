package dev.sluice.standalone.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the processor's {@code /api/stats} and the gateway's {@code /actuator/health}. */
public final class StatusClient {

    /** The processor as {@code /api/stats} shows it; {@code error} is set (and the rest empty) when it did not answer. */
    public record ProcessorStatus(boolean up, String state, long documents, long chunks, int partitions,
            int documentsInFlight,
            double consumerLag, String error) {}

    /** The gateway as {@code /actuator/health} shows it. */
    public record GatewayStatus(boolean up, String status, String error) {}

    private final HttpJson http;

    public StatusClient(Duration timeout) {
        this.http = new HttpJson(timeout);
    }

    /** {@code /api/stats} without a token: for a processor that runs without {@code sluice.api-secret}. */
    public ProcessorStatus processor(URI base) {
        return processor(base, null);
    }

    /** {@code /api/stats} with {@code Authorization: Bearer <bearer>} when {@code bearer} is not blank. */
    public ProcessorStatus processor(URI base, String bearer) {
        try {
            HttpJson.Answer a = http.get(base.resolve("/api/stats"), bearer);
            if (a.status() != 200) {
                return new ProcessorStatus(false, "", 0, 0, 0, 0, 0, a.errorMessage());
            }
            JsonNode b = a.body();
            String state = b.path("state").asString("UNKNOWN");
            List<JsonNode> partitions = new ArrayList<>();
            b.path("partitions").forEach(partitions::add);
            return new ProcessorStatus("RUNNING".equals(state) || "REBALANCING".equals(state), state,
                    b.path("documents").asLong(0), b.path("chunks").asLong(0), partitions.size(), b.path("documentsInFlight").asInt(0),
                    b.path("consumerLag").asDouble(0), null);
        } catch (IOException e) {
            return new ProcessorStatus(false, "", 0, 0, 0, 0, 0, e.getMessage());
        }
    }

    public GatewayStatus gateway(URI base) {
        try {
            HttpJson.Answer a = http.get(base.resolve("/actuator/health"), null);
            String status = a.body().path("status").asString(a.status() == 200 ? "UP" : "DOWN");
            return new GatewayStatus(a.status() == 200 && "UP".equals(status), status,
                    a.status() == 200 ? null : "HTTP " + a.status());
        } catch (IOException e) {
            return new GatewayStatus(false, "", e.getMessage());
        }
    }
}
