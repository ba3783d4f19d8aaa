package dev.sluice.benchmarks;

import dev.sluice.processor.topology.BatchingConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/sluice bench}: the whole pipeline measured on an in-JVM broker. Modes:
 * <ul>
 *   <li>{@code reference}: the old worker's scenarios on the latency model (TEI, Qdrant and PostgreSQL replaced by
 *   servers speaking their protocols with the reference latencies), each in three configurations — Sluice, and
 *   Sluice set up like the old sequential and four-at-once workers; ends with the {@code crawl50 ...} line;</li>
 *   <li>{@code real}: the in-process embedder and Lucene against the bare embedder (efficiency %);</li>
 *   <li>{@code gateway}: requests/s and acknowledgement latency of the ingest gateway at 50, 200, 1,000
 *   connections (closed loop), then latency at 1,000, 2,000, 3,000 requests/s offered (open loop);</li>
 *   <li>{@code scaling}: 1, 2 and 3 processor instances on the latency model;</li>
 *   <li>{@code all}: each of them.</li>
 * </ul>
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the whole pipeline (gateway over HTTP, real topology, in-JVM broker).",
        footer = {"", "Examples:", "  bin/sluice bench reference", "  bin/sluice bench reference --quick",
                "  bin/sluice bench gateway --duration 10 --connections 50,200,1000",
                "  bin/sluice bench gateway --connections 50 --rates 2000,4000",
                "  bin/sluice bench scaling --runs 3"})
public final class Bench implements Callable<Integer> {
    enum Mode { reference, real, gateway, scaling, all }

    @Parameters(index = "0", defaultValue = "reference", paramLabel = "MODE",
            description = "reference, real, gateway, scaling or all (default: ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--runs", defaultValue = "3", description = "measured runs of each scenario, median reported "
            + "(default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--quick", description = "a smoke run of a few minutes: 10-document crawl, batch sizes 1/4/16, "
            + "1–2 warm-up runs, 12 documents per instance scenario, 60 per scaling run, 3 s per gateway level")
    boolean quick;

    @Option(names = "--warmups", defaultValue = "3", description = "unmeasured runs of 8 documents before each "
            + "configuration's measurements, at least; then more until the JIT is quiet (default: ${DEFAULT-VALUE})")
    int warmUps;

    @Option(names = "--max-warmups", defaultValue = "20", description = "unmeasured runs at most (default: "
            + "${DEFAULT-VALUE})")
    int maxWarmUps;

    @Option(names = "--configurations", split = ",", defaultValue = "sluice,sequential,four_at_once",
            description = "reference: the configurations measured; the plots are written only when all three ran "
                    + "(default: ${DEFAULT-VALUE})")
    List<Profile> configurations;

    @Option(names = "--linger-ms", description = "Sluice's batch.linger.ms in reference and scaling (default: "
            + "Sluice's own, 100 ms; the baselines never linger)")
    Long lingerMs;

    @Option(names = "--idle-ms", description = "Sluice's batch.idle.ms in reference and scaling (default: "
            + "BatchingConfig's, 10; at or above the linger: no idle flush)")
    Long idleMs;

    @Option(names = "--commit-delay-ms", description = "Sluice's batch.commit.delay.ms in reference and scaling "
            + "(default: Sluice's own, 20 ms)")
    Long commitDelayMs;

    @Option(names = "--streams", paramLabel = "KEY=VALUE", description = "a Kafka Streams setting for every "
            + "processor instance, e.g. num.stream.threads=4 or producer.linger.ms=5 (repeatable; default: Sluice's)")
    Map<String, String> streamsProperties = new LinkedHashMap<>();

    @Option(names = "--crawl-docs", defaultValue = "50", description = "documents of the crawl scenario "
            + "(default: ${DEFAULT-VALUE})")
    int crawlDocuments;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,2,4,8,16",
            description = "documents posted at once in the batch scenarios (default: ${DEFAULT-VALUE})")
    int[] batchSizes;

    @Option(names = "--instance-docs", defaultValue = "100", description = "documents of the reference 1/2/3-instance "
            + "scenarios (default: ${DEFAULT-VALUE})")
    int instanceDocuments;

    @Option(names = "--instance-runs", defaultValue = "1", description = "runs of those (default: ${DEFAULT-VALUE})")
    int instanceRuns;

    @Option(names = "--max-instances", defaultValue = "3", description = "the reference instance scenarios run 1 to "
            + "this many instances (default: ${DEFAULT-VALUE})")
    int maxInstances;

    // A throughput, so a run long beside the pipeline's fill and drain (one document's latency, ≈ 1 s): the modelled
    // TEI's shared throughput bounds every run, so a run of 150 lasts about 30 s whatever the number of instances.
    @Option(names = "--scaling-docs", defaultValue = "150", description = "documents of each scaling run "
            + "(default: ${DEFAULT-VALUE})")
    int scalingDocuments;

    @Option(names = "--inject-failures", defaultValue = "0", description = "reference and scaling: documents of "
            + "every run that the TEI model refuses (422), to check that failures are counted and the command fails "
            + "(default: ${DEFAULT-VALUE})")
    int rejectedDocuments;

    @Option(names = "--latency-scale", defaultValue = "1", description = "factor on every modelled latency "
            + "(default: ${DEFAULT-VALUE}: the reference latencies)")
    double latencyScale;

    @Option(names = "--connections", split = ",", defaultValue = "50,200,1000",
            description = "gateway load levels (default: ${DEFAULT-VALUE})")
    int[] connections;

    @Option(names = "--rates", split = ",", defaultValue = "1000,2000,3000", description = "gateway: offered "
            + "requests/s of the paced levels, latency taken from when each request was due; none with --rates 0 "
            + "(default: ${DEFAULT-VALUE})")
    int[] rates;

    @Option(names = "--rate-connections", defaultValue = "50", description = "gateway: connections of the paced "
            + "levels (default: ${DEFAULT-VALUE})")
    int rateConnections;

    @Option(names = "--load-generator", defaultValue = "auto", description = "gateway: wrk, java (plain "
            + "sockets from the benchmark's JVM) or auto: wrk when it is on the PATH (default: ${DEFAULT-VALUE})")
    BenchOptions.LoadGenerator loadGenerator;

    // 3 s left the gateway half compiled: the first level ran at a third of the rate it reaches warm (JIT of Tomcat,
    // Spring MVC, Jackson and the Kafka client on 2 cores shared with the broker and the load generator)
    @Option(names = "--warmup-seconds", defaultValue = "15", description = "gateway: unmeasured load before each "
            + "level (default: ${DEFAULT-VALUE})")
    int gatewayWarmUpSeconds;

    @Option(names = "--duration", defaultValue = "10", description = "gateway: measured seconds per level "
            + "(default: ${DEFAULT-VALUE})")
    int gatewaySeconds;

    @Option(names = "--pages", defaultValue = "120", description = "real: pages of the efficiency benchmark "
            + "(default: ${DEFAULT-VALUE})")
    int realPages;

    @Option(names = "--pairs", description = "real: paired runs of the bare embedder and the pipeline, each side first "
            + "in every other pair (default: " + InProcessEfficiencyBenchmark.DEFAULT_PAIRS + ")")
    Integer realPairs;

    @Option(names = "--out", defaultValue = "target/bench", description = "directory of the Markdown tables "
            + "(default: ${DEFAULT-VALUE})")
    Path outputDir;

    @Option(names = "--img", defaultValue = "../docs/img", description = "directory of the PNG plots "
            + "(default: ${DEFAULT-VALUE})")
    Path imageDir;

    private final PrintStream out;

    Bench() {
        this(System.out);
    }

    Bench(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.out).execute(args));
    }

    static CommandLine commandLine(PrintStream out) {
        return new CommandLine(new Bench(out)).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The options as the runner takes them, with {@code --quick} applied. */
    BenchOptions options() {
        if (runs < 1 || warmUps < 0 || maxWarmUps < 0 || crawlDocuments < 1 || instanceDocuments < 1
                || instanceRuns < 1 || maxInstances < 1 || scalingDocuments < 1 || rejectedDocuments < 0
                || latencyScale < 0
                || gatewaySeconds < 1 || rateConnections < 1 || Arrays.stream(rates).anyMatch(r -> r < 0)
                || gatewayWarmUpSeconds < 0 || realPages < 1 || realPairs != null && realPairs < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "counts must be at least 1 (warm-ups, "
                    + "--inject-failures and --latency-scale at least 0)");
        }
        if (lingerMs != null && lingerMs < 0 || idleMs != null && idleMs < 0
                || commitDelayMs != null && commitDelayMs < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--linger-ms, --idle-ms and "
                    + "--commit-delay-ms must be at least 0");
        }
        if (configurations.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--configurations needs at least one of "
                    + "sluice, sequential, four_at_once");
        }
        List<Profile> configurations = this.configurations.stream().distinct().toList();
        BatchingConfig sluiceBatching = BatchingConfig.DEFAULT;
        if (lingerMs != null) {
            sluiceBatching = sluiceBatching.withLinger(Duration.ofMillis(lingerMs));
        }
        if (idleMs != null) {
            sluiceBatching = sluiceBatching.withIdle(Duration.ofMillis(idleMs));
        }
        if (commitDelayMs != null) {
            sluiceBatching = sluiceBatching.withCommitDelay(Duration.ofMillis(commitDelayMs));
        }
        if (quick) {
            return new BenchOptions(Math.min(runs, 1), Math.min(warmUps, 1), Math.min(maxWarmUps, 2), configurations,
                    sluiceBatching, Map.copyOf(streamsProperties), Math.min(crawlDocuments, 10),
                    new int[] {1, 4, 16}, Math.min(instanceDocuments, 12), 1, maxInstances,
                    Math.min(scalingDocuments, 60), latencyScale, connections, pacedRates(), rateConnections,
                    loadGenerator, Duration.ofSeconds(1), Duration.ofSeconds(Math.min(gatewaySeconds, 3)),
                    Math.min(realPages, 20), rejectedDocuments, outputDir, imageDir);
        }
        return new BenchOptions(runs, warmUps, Math.max(warmUps, maxWarmUps), configurations, sluiceBatching,
                Map.copyOf(streamsProperties), crawlDocuments, batchSizes, instanceDocuments, instanceRuns,
                maxInstances, scalingDocuments, latencyScale, connections, pacedRates(), rateConnections,
                loadGenerator, Duration.ofSeconds(gatewayWarmUpSeconds), Duration.ofSeconds(gatewaySeconds),
                realPages, rejectedDocuments, outputDir, imageDir);
    }

    private int[] pacedRates() {
        return Arrays.stream(rates).filter(r -> r > 0).toArray();
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions options = options();
        List<Mode> modes = mode == Mode.all ? List.of(Mode.real, Mode.gateway, Mode.scaling, Mode.reference)
                : List.of(mode);
        int lost = 0;
        for (Mode m : modes) {
            if (m == Mode.real) {
                // its own broker and model; prints its table and efficiency
                int pairs = realPairs != null ? realPairs : quick ? options.runs()
                        : InProcessEfficiencyBenchmark.DEFAULT_PAIRS;
                InProcessEfficiencyBenchmark.main(new String[] {String.valueOf(pairs),
                        "bench.pages=" + options.realPages()});
                continue;
            }
            try (BenchRunner runner = new BenchRunner(options, out)) {
                switch (m) {
                    case reference -> lost += BenchRunner.lost(runner.reference());
                    case gateway -> runner.gateway();
                    case scaling -> lost += BenchRunner.lost(runner.scaling());
                    default -> throw new IllegalStateException(m.name());
                }
            }
        }
        out.flush();
        if (lost > 0) {
            System.err.printf("bench: %d documents failed or went missing (the tables say where): the figures do not "
                    + "measure what they say%n", lost);
            return 1;
        }
        return 0;
    }
}
