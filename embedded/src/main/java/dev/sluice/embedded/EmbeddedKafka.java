package dev.sluice.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: KRaft, one node that is both broker and controller, on fixed ports, with its data
 * in a directory that survives restarts (formatted on first start only). Replication factors are 1, so transactions
 * (exactly-once) work on one node. {@link #stop()} and {@link #start()} again give the same broker back with its data,
 * which tests use to take the broker away and bring it back.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CONTROLLER = "CONTROLLER";

    private final Path dataDir;
    private final String host;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    /**
     * @param dataDir        where the log and metadata live; created if missing
     * @param host           the address clients use ({@code localhost} on one machine)
     * @param port           the client port ({@code host:port} is {@code bootstrap.servers})
     * @param controllerPort the KRaft controller port
     * @param overrides      further broker settings
     */
    public EmbeddedKafka(Path dataDir, String host, int port, int controllerPort, Map<String, String> overrides) {
        if (port < 1 || port > 65535 || controllerPort < 1 || controllerPort > 65535 || port == controllerPort) {
            throw new IllegalArgumentException("kafka ports must be two different ports in 1..65535 but were "
                    + port + " and " + controllerPort);
        }
        this.dataDir = dataDir.toAbsolutePath();
        this.host = host;
        this.port = port;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
    }

    /** A broker for one machine's tests and benchmarks: on {@code 127.0.0.1}, on two free ports, no overrides. */
    public static EmbeddedKafka onFreePorts(Path dataDir) {
        return new EmbeddedKafka(dataDir, "127.0.0.1", FreePorts.take(), FreePorts.take(), Map.of());
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the broker (formatting its directory the first time) and returns once it serves clients. */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        KafkaConfig config = new KafkaConfig(properties(), false);
        formatOnce(config);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        s.startup();
        server = s;
        log.info("Kafka broker up at {} (data in {})", bootstrapServers(), dataDir);
        return this;
    }

    /** Stops the broker; its data stays for the next {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Kafka broker at {} stopped", bootstrapServers());
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("log").toString());
        p.put("metadata.log.dir", dataDir.resolve("metadata").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "12");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        p.putAll(overrides);
        return p;
    }

    private void formatOnce(KafkaConfig config) {
        Path metadata = dataDir.resolve("metadata");
        if (Files.exists(metadata.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Formatter formatter = new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName(CONTROLLER)
                    .setMetadataLogDirectory(metadata.toString())
                    .setDirectories(List.of(dataDir.resolve("log").toString(), metadata.toString()))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setIgnoreFormatted(true);
            formatter.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }
}
