package dev.sluice.standalone;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.gateway.GatewayApplication;
import dev.sluice.processor.app.ProcessorApplication;
import dev.sluice.processor.app.StreamsRunner;
import dev.sluice.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pipeline in this JVM. {@link #start} starts, in order: the KRaft broker (unless a Kafka cluster is
 * given) and Sluice's topics, PostgreSQL (unless a JDBC URL is given), the ingest gateway and the stream processor
 * (two Spring contexts), and returns once the processor's Kafka Streams is RUNNING. {@link #close} stops them in the
 * reverse order within {@link StandaloneSettings#shutdownTimeout()}. All data lives under the data directory and
 * survives a restart; a lock file keeps a second runner off the same directory.
 */
public final class StandaloneRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StandaloneRunner.class);
    private static final String LOCK_FILE = "sluice.lock";

    private final StandaloneSettings settings;
    private final boolean freshDataDir;
    private final ShutdownSequence shutdown = new ShutdownSequence();
    private String bootstrapServers;
    private String jdbcUrl;
    private ConfigurableApplicationContext processor;
    private boolean closed;

    /** A runner that is not started yet; {@link #close()} may be called from another thread at any time. */
    public StandaloneRunner(StandaloneSettings settings) {
        this.settings = settings;
        this.freshDataDir = isEmptyOrMissing(settings.dataDir());
    }

    /** Starts a runner; see {@link #start()}. */
    public static StandaloneRunner start(StandaloneSettings settings) {
        return new StandaloneRunner(settings).start();
    }

    /**
     * Starts everything and returns once the processor is RUNNING. On failure, or when {@link #close()} is called
     * meanwhile (Ctrl-C during start), stops what was already started and throws.
     */
    public StandaloneRunner start() {
        try {
            startAll();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    private void startAll() {
        long started = System.nanoTime();
        log.info("Starting Sluice: {}", settings);
        lockDataDir();
        checkPorts();

        if (settings.embeddedKafka()) {
            EmbeddedKafka kafka = new EmbeddedKafka(settings.dataDir().resolve("kafka"), brokerHost(), settings.kafkaPort(),
                    settings.controllerPort(), Map.of());
            shutdown.add("kafka", kafka);
            kafka.start();
            bootstrapServers = kafka.bootstrapServers();
        } else {
            bootstrapServers = settings.bootstrapServers();
        }
        TopicCreator.createMissing(bootstrapServers, Topics.defaults(), settings.partitions(), Duration.ofSeconds(60));

        if (settings.embeddedPostgres()) {
            EmbeddedDatabase db = EmbeddedDatabase.start(settings.dataDir().resolve("postgres"),
                    settings.postgresPort());
            shutdown.add("postgres", db);
            jdbcUrl = db.jdbcUrl();
        } else {
            jdbcUrl = settings.jdbcUrl();
        }

        ConfigurableApplicationContext gateway = SpringApps.start(GatewayApplication.class,
                AppSettings.gateway(settings, bootstrapServers, jdbcUrl));
        shutdown.add("gateway", gateway);

        processor = SpringApps.start(ProcessorApplication.class,
                AppSettings.processor(settings, bootstrapServers, jdbcUrl));
        ConfigurableApplicationContext processorContext = processor;
        shutdown.add("processor", () -> {
            leaveGroup(processorContext.getBean(StreamsRunner.class), settings.shutdownTimeout());
            processorContext.close();
        });
        awaitStreamsRunning(processor.getBean(StreamsRunner.class), settings.startupTimeout());
        log.info("Sluice started in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Stops the processor, the gateway, PostgreSQL and the broker, in that order, within the shutdown budget. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Stopping Sluice");
        List<String> late = shutdown.stopAll(settings.shutdownTimeout());
        if (late.isEmpty()) {
            log.info("Sluice stopped");
        } else {
            log.warn("Sluice stopped; {} did not finish stopping in time", late);
        }
    }

    public StandaloneSettings settings() {
        return settings;
    }

    /** Whether the data directory was missing or empty before this start (nothing indexed yet). */
    public boolean freshDataDir() {
        return freshDataDir;
    }

    /** Kafka as the applications reach it: the embedded broker or the given cluster. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** PostgreSQL as the applications reach it ({@code sluice.jdbc-url}). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public URI gatewayUrl() {
        return URI.create("http://" + AppSettings.connectHost(settings.bindAddress()) + ":" + settings.gatewayPort());
    }

    public URI processorUrl() {
        return URI.create("http://" + AppSettings.connectHost(settings.bindAddress()) + ":"
                + settings.processorPort());
    }

    /** The processor's Kafka Streams state, or {@code NOT_RUNNING} when it is not started. */
    public KafkaStreams.State processorState() {
        KafkaStreams streams = processor == null ? null : processor.getBean(StreamsRunner.class).streams();
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    /**
     * Closes Kafka Streams leaving the consumer group, before the context closes it again (a no-op then). By default
     * Kafka Streams stays in the group on close, for rolling restarts of many instances; for one instance that only
     * means the next start waits for the old member's session to expire before it gets its partitions back.
     */
    private static void leaveGroup(StreamsRunner runner, Duration timeout) {
        KafkaStreams streams = runner.streams();
        if (streams != null) {
            streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(timeout));
        }
    }

    private static void awaitStreamsRunning(StreamsRunner runner, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            KafkaStreams streams = runner.streams();
            KafkaStreams.State state = streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException("the processor's Kafka Streams failed at start (state " + state
                        + "); see the log above");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the processor's Kafka Streams is not RUNNING after " + timeout
                        + " (state " + state + ")");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** The broker listens where the HTTP servers do, but on one address: a wildcard cannot be advertised. */
    private String brokerHost() {
        return AppSettings.connectHost(settings.bindAddress()).equals("localhost") ? "127.0.0.1"
                : settings.bindAddress();
    }

    private void checkPorts() {
        PortCheck.requireFree(settings.bindAddress(), settings.gatewayPort(), "gateway-port");
        PortCheck.requireFree(settings.bindAddress(), settings.processorPort(), "processor-port");
        if (settings.embeddedKafka()) {
            PortCheck.requireFree(brokerHost(), settings.kafkaPort(), "kafka-port");
            PortCheck.requireFree(brokerHost(), settings.controllerPort(), "controller-port");
        }
        if (settings.embeddedPostgres()) {
            PortCheck.requireFree("127.0.0.1", settings.postgresPort(), "postgres-port");
        }
    }

    /** One runner per data directory: the broker, PostgreSQL and the indexes cannot be shared. */
    private void lockDataDir() {
        Path dir = settings.dataDir();
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another Sluice is running with the data directory " + dir
                        + "; stop it, or give this one another --data-dir");
            }
            FileLock held = lock;
            shutdown.add("data-dir-lock", () -> {
                held.release();
                channel.close();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyOrMissing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data directory " + dir, e);
        }
    }
}
