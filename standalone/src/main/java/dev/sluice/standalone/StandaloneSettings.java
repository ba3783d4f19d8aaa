package dev.sluice.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the all-in-one runner needs to know. Each embedded part is replaced by the real one when its address is
 * given: {@code bootstrapServers} (no broker started), {@code jdbcUrl} (no PostgreSQL started), {@code teiUrl} (no
 * in-process model), {@code qdrantUrl} (no Lucene HNSW). Blank means "embedded".
 *
 * @param dataDir          work directory: broker log, PostgreSQL data and processor state (Lucene indexes) live
 *                         below it and survive a restart
 * @param bindAddress      address the gateway and the processor listen on
 * @param gatewayPort      HTTP port of the ingest gateway
 * @param processorPort    HTTP port of the stream processor (search, stats)
 * @param kafkaPort        client port of the embedded broker
 * @param controllerPort   KRaft controller port of the embedded broker
 * @param partitions       partitions of each {@code sluice.*} topic created at start (existing topics are kept)
 * @param bootstrapServers a real Kafka cluster; blank: the embedded broker
 * @param postgresPort     port of the embedded PostgreSQL
 * @param jdbcUrl          a real PostgreSQL; blank: the embedded one
 * @param teiUrl           a TEI server for embeddings; blank: the in-process MiniLM model
 * @param qdrantUrl        a Qdrant server (gRPC) for vectors; blank: Lucene HNSW in the data directory
 * @param apiSecret        bearer token of the gateway's API; blank in dev mode: {@link #DEV_API_SECRET}
 * @param webhookSecret    HMAC secret of Firecrawl webhooks; blank in dev mode: {@link #DEV_WEBHOOK_SECRET}
 * @param devMode          relaxed secrets (well-known defaults, any length), for one machine only
 * @param startupTimeout   longest wait for the processor's Kafka Streams to be RUNNING
 * @param shutdownTimeout  longest time the whole shutdown may take; parts still stopping after it are abandoned
 */
public record StandaloneSettings(
        Path dataDir,
        String bindAddress,
        int gatewayPort,
        int processorPort,
        int kafkaPort,
        int controllerPort,
        int partitions,
        String bootstrapServers,
        int postgresPort,
        String jdbcUrl,
        String teiUrl,
        String qdrantUrl,
        String apiSecret,
        String webhookSecret,
        boolean devMode,
        Duration startupTimeout,
        Duration shutdownTimeout) {

    /** The API secret of dev mode; public on purpose: dev mode listens on the loopback address only by default. */
    public static final String DEV_API_SECRET = "sluice-dev-api-secret";
    /** The webhook secret of dev mode. */
    public static final String DEV_WEBHOOK_SECRET = "sluice-dev-webhook-secret";

    public StandaloneSettings {
        Objects.requireNonNull(dataDir, "data-dir is required");
        dataDir = dataDir.toAbsolutePath().normalize();
        bindAddress = requireText(bindAddress, "bind");
        bootstrapServers = blankToEmpty(bootstrapServers);
        jdbcUrl = blankToEmpty(jdbcUrl);
        teiUrl = blankToEmpty(teiUrl);
        qdrantUrl = blankToEmpty(qdrantUrl);
        apiSecret = blankToEmpty(apiSecret);
        webhookSecret = blankToEmpty(webhookSecret);
        Objects.requireNonNull(startupTimeout, "startup-timeout is required");
        Objects.requireNonNull(shutdownTimeout, "shutdown-timeout is required");
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions must be in 1..10000 but was " + partitions);
        }
        if (!jdbcUrl.isEmpty() && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbc-url must start with jdbc:postgresql: but was '" + jdbcUrl + "'");
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startup-timeout must be > 0 but was " + startupTimeout);
        }
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException("shutdown-timeout must be > 0 but was " + shutdownTimeout);
        }
        Map<Integer, String> used = new HashMap<>();
        checkPort(used, gatewayPort, "gateway-port");
        checkPort(used, processorPort, "processor-port");
        if (bootstrapServers.isEmpty()) {
            checkPort(used, kafkaPort, "kafka-port");
            checkPort(used, controllerPort, "controller-port");
        }
        if (jdbcUrl.isEmpty()) {
            checkPort(used, postgresPort, "postgres-port");
        }
    }

    /** Settings with every default: ports 8080/8081, broker 9092/9093, PostgreSQL 5433, 6 partitions, loopback. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Whether this runner starts its own broker. */
    public boolean embeddedKafka() {
        return bootstrapServers.isEmpty();
    }

    /** Whether this runner starts its own PostgreSQL. */
    public boolean embeddedPostgres() {
        return jdbcUrl.isEmpty();
    }

    /** The API secret in force: the one given, or the dev-mode default. */
    public String effectiveApiSecret() {
        return apiSecret.isEmpty() && devMode ? DEV_API_SECRET : apiSecret;
    }

    /** The webhook secret in force: the one given, or the dev-mode default. */
    public String effectiveWebhookSecret() {
        return webhookSecret.isEmpty() && devMode ? DEV_WEBHOOK_SECRET : webhookSecret;
    }

    /** Secrets never appear in logs. */
    @Override
    public String toString() {
        return "StandaloneSettings[dataDir=" + dataDir + ", bind=" + bindAddress + ", gatewayPort=" + gatewayPort
                + ", processorPort=" + processorPort + ", kafka=" + (embeddedKafka() ? "embedded:" + kafkaPort
                : bootstrapServers) + ", postgres=" + (embeddedPostgres() ? "embedded:" + postgresPort : redactJdbcUrl(jdbcUrl))
                + ", tei=" + (teiUrl.isEmpty() ? "in-process" : teiUrl) + ", qdrant="
                + (qdrantUrl.isEmpty() ? "lucene" : qdrantUrl) + ", partitions=" + partitions + ", devMode=" + devMode
                + "]";
    }

    /** A JDBC URL fit for a log line: the value of any {@code password} parameter replaced by {@code ***}. */
    public static String redactJdbcUrl(String url) {
        return url == null ? "" : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static void checkPort(Map<Integer, String> used, int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be in 1..65535 but was " + port);
        }
        String other = used.putIfAbsent(port, name);
        if (other != null) {
            throw new IllegalArgumentException(name + " and " + other + " are both " + port + "; give them different"
                    + " ports");
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }

    /** Builds {@link StandaloneSettings}, starting from the defaults. */
    public static final class Builder {
        private Path dataDir;
        private String bindAddress = "127.0.0.1";
        private int gatewayPort = 8080;
        private int processorPort = 8081;
        private int kafkaPort = 9092;
        private int controllerPort = 9093;
        private int partitions = 6;
        private String bootstrapServers = "";
        private int postgresPort = 5433;
        private String jdbcUrl = "";
        private String teiUrl = "";
        private String qdrantUrl = "";
        private String apiSecret = "";
        private String webhookSecret = "";
        private Boolean devMode;
        private Duration startupTimeout = Duration.ofMinutes(2);
        private Duration shutdownTimeout = Duration.ofSeconds(60);

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder bindAddress(String v) { this.bindAddress = v; return this; }
        public Builder gatewayPort(int v) { this.gatewayPort = v; return this; }
        public Builder processorPort(int v) { this.processorPort = v; return this; }
        public Builder kafkaPort(int v) { this.kafkaPort = v; return this; }
        public Builder controllerPort(int v) { this.controllerPort = v; return this; }
        public Builder partitions(int v) { this.partitions = v; return this; }
        public Builder bootstrapServers(String v) { this.bootstrapServers = v; return this; }
        public Builder postgresPort(int v) { this.postgresPort = v; return this; }
        public Builder jdbcUrl(String v) { this.jdbcUrl = v; return this; }
        public Builder teiUrl(String v) { this.teiUrl = v; return this; }
        public Builder qdrantUrl(String v) { this.qdrantUrl = v; return this; }
        public Builder apiSecret(String v) { this.apiSecret = v; return this; }
        public Builder webhookSecret(String v) { this.webhookSecret = v; return this; }
        /** Forces dev mode on or off; by default it is on exactly when neither secret is given. */
        public Builder devMode(boolean v) { this.devMode = v; return this; }
        public Builder startupTimeout(Duration v) { this.startupTimeout = v; return this; }
        public Builder shutdownTimeout(Duration v) { this.shutdownTimeout = v; return this; }

        public StandaloneSettings build() {
            boolean noSecrets = (apiSecret == null || apiSecret.isBlank())
                    && (webhookSecret == null || webhookSecret.isBlank());
            boolean dev = devMode != null ? devMode : noSecrets;
            return new StandaloneSettings(dataDir, bindAddress, gatewayPort, processorPort, kafkaPort,
                    controllerPort, partitions, bootstrapServers, postgresPort, jdbcUrl, teiUrl, qdrantUrl, apiSecret,
                    webhookSecret, dev, startupTimeout, shutdownTimeout);
        }
    }
}
