package dev.sluice.standalone;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings the runner gives each application, on top of the application's own {@code application.yml}. Keys are
 * those of {@code GatewayProperties} ({@code sluice.gateway.*}) and {@code ProcessorProperties} ({@code sluice.*});
 * only what the runner decides is set, so everything else keeps its default and its environment variable.
 */
final class AppSettings {
    private AppSettings() {}

    /** Settings of the ingest gateway. */
    static Map<String, Object> gateway(StandaloneSettings s, String bootstrapServers, String jdbcUrl) {
        Map<String, Object> p = common(s, jdbcUrl);
        p.put("server.port", s.gatewayPort());
        p.put("sluice.gateway.bootstrap-servers", bootstrapServers);
        p.put("sluice.gateway.processor-urls", "http://" + connectHost(s.bindAddress()) + ":" + s.processorPort());
        putIfPresent(p, "sluice.gateway.api-secret", s.effectiveApiSecret());
        putIfPresent(p, "sluice.gateway.webhook-secret", s.effectiveWebhookSecret());
        p.put("sluice.gateway.dev-mode", s.devMode());
        return p;
    }

    /** Settings of the stream processor: its state (stores and Lucene indexes) lives under the data directory. */
    static Map<String, Object> processor(StandaloneSettings s, String bootstrapServers, String jdbcUrl) {
        Map<String, Object> p = common(s, jdbcUrl);
        p.put("server.port", s.processorPort());
        p.put("sluice.advertised-host", connectHost(s.bindAddress()));
        p.put("sluice.kafka.bootstrap-servers", bootstrapServers);
        p.put("sluice.kafka.state-dir", s.dataDir().resolve("processor").toString());
        // one instance: after a crash, the next start should not wait 45 s for the dead member's session to end
        p.put("sluice.kafka.streams[session.timeout.ms]", "10000");
        putIfPresent(p, "sluice.embedding.tei-url", s.teiUrl());
        putIfPresent(p, "sluice.qdrant.url", s.qdrantUrl());
        putIfPresent(p, "sluice.api-secret", s.effectiveApiSecret());
        return p;
    }

    private static Map<String, Object> common(StandaloneSettings s, String jdbcUrl) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.address", s.bindAddress());
        p.put("sluice.jdbc-url", jdbcUrl);
        return p;
    }

    private static void putIfPresent(Map<String, Object> p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.put(key, value);
        }
    }

    /** The address clients use for a server bound to {@code bindAddress} (a wildcard means this machine). */
    static String connectHost(String bindAddress) {
        return switch (bindAddress) {
            case "0.0.0.0", "::", "[::]" -> "localhost";
            default -> bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]"
                    : bindAddress;
        };
    }
}
