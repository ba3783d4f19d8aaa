package dev.sluice.standalone.cli;

import dev.sluice.standalone.ReadyBanner;
import dev.sluice.standalone.SampleCorpus;
import dev.sluice.standalone.StandaloneRunner;
import dev.sluice.standalone.StandaloneSettings;
import dev.sluice.standalone.ingest.IngestSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice up}: the whole pipeline in this JVM, in the foreground until Ctrl-C. */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {
                "Runs the whole pipeline in this JVM until Ctrl-C.",
                "Starts a Kafka broker (KRaft), PostgreSQL, the ingest gateway and the stream processor with the "
                        + "in-process embedding model and Lucene, and runs them until Ctrl-C (or SIGTERM). Their data "
                        + "lives in the data directory and survives a restart.",
                "Each embedded part is replaced by a real one when its address is given: --bootstrap-servers, "
                        + "--jdbc-url, --tei-url, --qdrant-url.",
                "On the first start (empty data directory, embedded Kafka) a sample of 47 pages of the Python "
                        + "documentation is indexed, so that a search answers right away.",
                "Secrets come from the environment: WEBHOOK_API_SECRET (bearer token of the API) and WEBHOOK_SECRET "
                        + "(Firecrawl's HMAC secret), at least 32 characters each. With neither set, dev mode is on: "
                        + "well-known secrets, for one machine only (the servers listen on 127.0.0.1 unless --bind "
                        + "says otherwise)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  bin/sluice up",
                "  bin/sluice up --data-dir /var/lib/sluice --no-sample",
                "  bin/sluice up --bootstrap-servers kafka:9092 --tei-url http://tei:8080 \\",
                "      --qdrant-url http://qdrant:6334 --jdbc-url jdbc:postgresql://db:5432/sluice"})
final class UpCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(UpCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "${env:SLUICE_DATA_DIR:-.sluice}", description = "Work directory "
            + "for the broker, PostgreSQL and the indexes (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address the gateway and the processor "
            + "listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--gateway-port", defaultValue = "8080", description = "Gateway port (default: ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Option(names = "--processor-port", defaultValue = "8081", description = "Processor port (default: "
            + "${DEFAULT-VALUE}).")
    int processorPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Embedded broker's client port (default: "
            + "${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", defaultValue = "9093", description = "Embedded broker's KRaft controller "
            + "port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the sluice.* topics when they "
            + "are created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-}", description = "A real "
            + "Kafka cluster instead of the embedded broker (default: $KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--postgres-port", defaultValue = "5433", description = "Embedded PostgreSQL's port (default: "
            + "${DEFAULT-VALUE}).")
    int postgresPort;

    @Option(names = "--jdbc-url", defaultValue = "${env:SLUICE_JDBC_URL:-}", description = "A real PostgreSQL "
            + "instead of the embedded one (default: $SLUICE_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--tei-url", defaultValue = "${env:WEBHOOK_TEI_URL:-}", description = "A TEI server for "
            + "embeddings instead of the in-process model (default: $WEBHOOK_TEI_URL).")
    String teiUrl;

    @Option(names = "--qdrant-url", defaultValue = "${env:WEBHOOK_QDRANT_URL:-}", description = "A Qdrant server "
            + "(gRPC, e.g. http://localhost:6334) instead of Lucene HNSW (default: $WEBHOOK_QDRANT_URL).")
    String qdrantUrl;

    @Option(names = "--dev-mode", description = "Dev mode even with secrets set (short secrets accepted).")
    boolean devMode;

    @Option(names = "--no-sample", description = "Do not index the bundled sample on the first start.")
    boolean noSample;

    @Option(names = "--shutdown-timeout", defaultValue = "60s", description = "Longest shutdown (default: "
            + "${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Override
    public Integer call() throws Exception {
        StandaloneSettings.Builder b = StandaloneSettings.builder(dataDir)
                .bindAddress(bind).gatewayPort(gatewayPort).processorPort(processorPort)
                .kafkaPort(kafkaPort).controllerPort(controllerPort).partitions(partitions)
                .bootstrapServers(bootstrapServers).postgresPort(postgresPort).jdbcUrl(jdbcUrl)
                .teiUrl(teiUrl).qdrantUrl(qdrantUrl)
                .apiSecret(System.getenv("WEBHOOK_API_SECRET")).webhookSecret(System.getenv("WEBHOOK_SECRET"))
                .shutdownTimeout(shutdownTimeout);
        if (devMode) {
            b.devMode(true);
        }
        StandaloneRunner runner = new StandaloneRunner(b.build());

        // Ctrl-C and SIGTERM run this, during the start too: the runner stops what it has started, in order.
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.close();
            stopped.countDown();
        }, "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        runner.start();
        if (runner.freshDataDir() && !noSample) {
            loadSample(runner);
        }
        log.info(ReadyBanner.text(runner));
        stopped.await();
        return 0;
    }

    private void loadSample(StandaloneRunner runner) throws Exception {
        if (!runner.settings().embeddedKafka()) {
            log.info("Not indexing the sample: Kafka is a real cluster ({})", runner.bootstrapServers());
            return;
        }
        log.info("First start: indexing the bundled sample (47 pages of the Python documentation)");
        // no progress bar here: the processor's log lines would cut through it
        IngestSummary summary = SampleCorpus.load(runner);
        log.info("Sample indexed: {} documents, {} chunks, {} failed, in {} ms", summary.indexed()
                + summary.unchanged(), summary.chunks(), summary.failed() + summary.rejected() + summary.missing(),
                summary.elapsed().toMillis());
        summary.problems().stream().limit(10).forEach(p -> log.warn("Sample: {}", p));
    }
}
