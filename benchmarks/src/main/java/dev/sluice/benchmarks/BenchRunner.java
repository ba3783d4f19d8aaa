package dev.sluice.benchmarks;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.processor.chunk.ModelTokenCounter;
import dev.sluice.processor.topology.BatchingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Runs the scenarios of {@code bin/sluice bench} on one in-JVM broker: the latency-model scenarios ({@code reference},
 * {@code scaling}) and the gateway load. Prints progress and tables to {@code out}, writes the tables as Markdown and
 * the plots as PNG.
 */
final class BenchRunner implements AutoCloseable {
    /** Batch sizes of the old worker's table. */
    static final int[] BATCH_SIZES = {1, 2, 4, 8, 16};
    private static final int PAGE_BYTES = 5_000;
    /** The crawl scenario, and the same crawl of small pages (the workload of the figures before issue #19). */
    static final String CRAWL = "crawl50";
    static final String SMALL_CRAWL = "crawl50-small-pages";
    /** Documents of each warm-up run. */
    static final int WARM_UP_DOCUMENTS = 8;
    private static final int GATEWAY_WARM_UP_CONNECTIONS = 50;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

    private final BenchOptions options;
    private final PrintStream out;
    private final Path work;
    private final EmbeddedKafka kafka;
    private final ModelTokenCounter tokens = new ModelTokenCounter();
    private final SeedWorkload seed = new SeedWorkload(tokens);
    private int pipelines;

    BenchRunner(BenchOptions options, PrintStream out) throws IOException {
        this.options = options;
        this.out = out;
        work = Files.createTempDirectory("sluice-bench");
        kafka = EmbeddedKafka.onFreePorts(work.resolve("kafka")).start();
    }

    // ---- reference ----------------------------------------------------------------------------------------------

    /**
     * Every reference scenario in the three configurations; returns the results, ends with the crawl50 line. The
     * documents are the old worker's size ({@link SeedWorkload}); the crawl of small pages is an extra row.
     */
    List<ScenarioResult> reference() throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        warmGatewayPath();
        try (LatencyModel model = new LatencyModel(options.latencyScale(), tokens)) {
            out.println("# reference: latency model — " + model.describe());
            out.println("# workload: " + seed.describe(options.crawlDocuments()) + "; extra row " + SMALL_CRAWL
                    + ": pages of ≈ " + PAGE_BYTES / 1000 + " KB of generated prose (≈ 5 chunks)");
            printStreamsOverrides();
            for (Profile profile : options.configurations()) {
                out.println("## " + profile.label() + ": " + profile.description());
                if (profile == Profile.SLUICE && !options.sluiceBatching().equals(BatchingConfig.DEFAULT)) {
                    out.println("##   " + describe(options.sluiceBatching()));
                }
                try (BenchPipeline one = pipeline(model, profile, 1)) {
                    warmUp(one);
                    for (int size : options.batchSizes()) {
                        results.add(measure(model, one, "batch-" + size, profile, 1, size, options.runs(),
                                this::seedPages));
                    }
                    results.add(measure(model, one, CRAWL, profile, 1, options.crawlDocuments(), options.runs(),
                            this::seedPages));
                    results.add(measure(model, one, SMALL_CRAWL, profile, 1, options.crawlDocuments(),
                            options.runs(), (round, count) -> Workload.pages(round, count, PAGE_BYTES)));
                    results.add(measure(model, one, "instances-1", profile, 1, options.instanceDocuments(),
                            options.instanceRuns(), this::seedPages));
                }
                for (int n = 2; n <= options.maxInstances(); n++) {
                    try (BenchPipeline group = pipeline(model, profile, n)) {
                        warmUp(group);
                        results.add(measure(model, group, "instances-" + n, profile, n, options.instanceDocuments(),
                                options.instanceRuns(), this::seedPages));
                    }
                }
            }
            out.println("# " + model.postgres().writerStats());
        }
        String table = Report.referenceTable(results);
        out.println();
        out.print(table);
        writeMarkdown("reference.md", "Latency model, reference scenarios", table);
        if (options.configurations().containsAll(List.of(Profile.values()))) {
            referenceCharts(results);
        }
        double sluice = seconds(results, CRAWL, Report.SLUICE);
        double sequential = seconds(results, CRAWL, Report.SEQUENTIAL);
        double four = seconds(results, CRAWL, Report.FOUR_AT_ONCE);
        long chunks = Report.find(results, CRAWL, Report.SLUICE, 1).map(r -> Math.round(r.chunksPerRun()))
                .orElse(0L);
        out.println(Report.finalLine(sluice, sequential, four, chunks, lost(results)));
        return results;
    }

    /** Documents that failed or went missing over {@code results}. */
    static int lost(List<ScenarioResult> results) {
        return results.stream().mapToInt(r -> r.outcomes().lost()).sum();
    }

    private List<Workload.Page> seedPages(String round, int count) {
        return seed.pages(round, count, options.rejectedDocuments());
    }

    private static double seconds(List<ScenarioResult> results, String scenario, String configuration) {
        return Report.find(results, scenario, configuration, 1).map(ScenarioResult::seconds).orElse(Double.NaN);
    }

    private void referenceCharts(List<ScenarioResult> results) throws IOException {
        int[] sizes = options.batchSizes();
        String[] categories = new String[sizes.length];
        double[][] measured = new double[3][sizes.length];
        double[] oldSequential = new double[sizes.length];
        double[] oldFour = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            categories[i] = String.valueOf(sizes[i]);
            for (Profile p : Profile.values()) {
                measured[p.ordinal()][i] = seconds(results, "batch-" + sizes[i], p.label());
            }
            oldSequential[i] = OldWorkerModel.seconds(Report.SEQUENTIAL, sizes[i], 1).orElse(Double.NaN);
            oldFour[i] = OldWorkerModel.seconds(Report.FOUR_AT_ONCE, sizes[i], 1).orElse(Double.NaN);
        }
        new BarChart("Batch of N documents: seconds until every outcome (latency model, one instance)",
                "documents posted at once", "seconds", categories)
                .series("Sluice (measured)", measured[0])
                .series("sequential config (measured)", measured[1])
                .series("four-at-once config (measured)", measured[2])
                .series("old sequential worker (model)", oldSequential)
                .series("old four-at-once worker (model)", oldFour)
                .write(options.imageDir().resolve("bench-batch-sizes.png"));
        String[] instances = {"1", "2", "3"};
        double[][] perHour = new double[3][3];
        double[] oldSeq = new double[3];
        double[] oldFourPerHour = new double[3];
        for (int n = 1; n <= 3; n++) {
            for (Profile p : Profile.values()) {
                perHour[p.ordinal()][n - 1] = Report.find(results, "instances-" + n, p.label(), n)
                        .map(r -> r.documentsPerSecond() * 3600).orElse(Double.NaN);
            }
            oldSeq[n - 1] = OldWorkerModel.SEQUENTIAL_DOCUMENTS_PER_HOUR * n;
            oldFourPerHour[n - 1] = OldWorkerModel.FOUR_AT_ONCE_DOCUMENTS_PER_HOUR * n;
        }
        new BarChart("Documents per hour by processor instances (latency model)", "instances (old: workers)",
                "documents/hour", instances)
                .series("Sluice (measured)", perHour[0])
                .series("sequential config (measured)", perHour[1])
                .series("four-at-once config (measured)", perHour[2])
                .series("old sequential worker (model)", oldSeq)
                .series("old four-at-once worker (model)", oldFourPerHour)
                .write(options.imageDir().resolve("bench-instances.png"));
    }

    // ---- scaling ------------------------------------------------------------------------------------------------

    /**
     * Sluice on 1, 2 and 3 instances, each with its default settings, all sharing the modelled TEI and Qdrant as the
     * instances of one deployment do; returns the results.
     */
    List<ScenarioResult> scaling() throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        try (LatencyModel model = new LatencyModel(options.latencyScale(), tokens)) {
            String config = String.format(Locale.ROOT, "every instance: Sluice defaults, 2 stream threads; %d "
                    + "partitions; one TEI and one Qdrant for all instances: %s", BenchPipeline.PARTITIONS,
                    model.describe());
            if (!options.sluiceBatching().equals(BatchingConfig.DEFAULT)) {
                config += "; " + describe(options.sluiceBatching());
            }
            out.println("# scaling: " + config);
            out.println("# workload: " + seed.describe(options.crawlDocuments()));
            printStreamsOverrides();
            for (int n = 1; n <= 3; n++) {
                try (BenchPipeline group = pipeline(model, Profile.SLUICE, n)) {
                    warmUp(group);
                    results.add(measure(model, group, "scaling-" + n, Profile.SLUICE, n, options.scalingDocuments(),
                            options.runs(), this::seedPages));
                    out.println("# after " + n + " instance(s): " + model.postgres().writerStats());
                }
            }
            String table = Report.scalingTable(results);
            out.println();
            out.print(table);
            writeMarkdown("scaling.md", "Scaling, latency model (" + config + ")", table);
            double[] perSecond = results.stream().mapToDouble(ScenarioResult::documentsPerSecond).toArray();
            double[] oldFour = new double[3];
            for (int n = 1; n <= 3; n++) {
                oldFour[n - 1] = OldWorkerModel.FOUR_AT_ONCE_DOCUMENTS_PER_HOUR * n / 3600;
            }
            new BarChart("Scaling: documents/s by processor instances (latency model, " + options.scalingDocuments()
                    + " documents)", "instances (old: workers)", "documents/s", "1", "2", "3")
                    .series("Sluice (measured)", perSecond)
                    .series("old four-at-once worker (model)", oldFour)
                    .write(options.imageDir().resolve("bench-scaling.png"));
            out.println(String.format(Locale.ROOT, "scaling docs_per_s_1=%.1f docs_per_s_2=%.1f docs_per_s_3=%.1f "
                    + "ratio_1_to_3=%.2f bound_by_3=\"%s\" failed=%d", perSecond[0], perSecond[1], perSecond[2],
                    perSecond[2] / perSecond[0], results.getLast().usage().boundBy(), lost(results)));
        }
        return results;
    }

    // ---- gateway ------------------------------------------------------------------------------------------------

    /**
     * The gateway alone on the broker: under closed-loop load at each connection count (its capacity), then paced at
     * each offered rate (its latency below capacity, from when each request was due).
     */
    List<Report.LoadLevel> gateway() throws Exception {
        List<Report.LoadLevel> levels = new ArrayList<>();
        List<Report.PacedLevel> paced = new ArrayList<>();
        underLoad("bench.load-documents", (gateway, pages, generator, load) -> {
            out.printf(Locale.ROOT, "# gateway: single-document POSTs of ≈%d bytes, %d s warm-up then %d s measured "
                    + "per level, %d cores, closed-loop load from %s%n", pages.getFirst().body().length,
                    options.gatewayWarmUp().toSeconds(), options.gatewayDuration().toSeconds(),
                    Runtime.getRuntime().availableProcessors(), generator == BenchOptions.LoadGenerator.wrk
                            ? "wrk (another process)" : "plain sockets (this JVM)");
            for (int connections : options.connections()) {
                Report.LoadLevel level = load.run(connections, options.gatewayWarmUp(), options.gatewayDuration());
                out.printf(Locale.ROOT, "%d connections: %.0f requests/s, p50 %.1f ms, p99 %.1f ms, %d errors%n",
                        connections, level.requestsPerSecond(), Percentiles.of(level.latencyMs(), 50),
                        Percentiles.of(level.latencyMs(), 99), level.errors());
                levels.add(level);
            }
            PacedLoad pacedLoad = new PacedLoad(gateway.documentsUri(), GatewayServer.API_SECRET, pages);
            for (int rate : options.rates()) {
                Report.PacedLevel level = pacedLoad.run(rate, options.rateConnections(), options.gatewayWarmUp(),
                        options.gatewayDuration());
                out.printf(Locale.ROOT, "%d requests/s offered over %d connections: %.0f answered/s, p50 %.1f ms, "
                        + "p99 %.1f ms from when due (%.1f ms from send), %d errors%n", rate,
                        options.rateConnections(), level.requestsPerSecond(), Percentiles.of(level.latencyMs(), 50),
                        Percentiles.of(level.latencyMs(), 99), Percentiles.of(level.serviceMs(), 99), level.errors());
                paced.add(level);
            }
        });
        String table = Report.gatewayTable(levels);
        if (!paced.isEmpty()) {
            table += "\n" + Report.pacedTable(paced);
        }
        out.println();
        out.print(table);
        writeMarkdown("gateway.md", "Gateway load", table);
        return levels;
    }

    /**
     * Unmeasured load on a gateway of its own, before the reference scenarios: their crawls post through the same
     * HTTP path (Tomcat, Spring MVC, Jackson, the producer), and a few hundred warm-up crawls leave it interpreted —
     * 50 posts took 90-280 ms to be accepted without this, 40-70 ms with it. A production gateway runs for hours.
     */
    private void warmGatewayPath() throws Exception {
        if (options.gatewayWarmUp().isZero()) {
            return;
        }
        underLoad("bench.warm-documents", (gateway, pages, generator, load) -> {
            out.printf(Locale.ROOT, "# warming the gateway's HTTP path: %d s of single-document POSTs from %s%n",
                    options.gatewayWarmUp().toSeconds(), generator);
            load.run(GATEWAY_WARM_UP_CONNECTIONS, Duration.ZERO, options.gatewayWarmUp());
        });
    }

    /** Runs {@code task} with a load generator on a gateway of its own that writes to {@code topic} (created here). */
    private void underLoad(String topic, GatewayWork task) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, BenchPipeline.PARTITIONS, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        try (GatewayServer gateway = new GatewayServer(kafka.bootstrapServers(), topic)) {
            List<Workload.Page> pages = Workload.pages("load", 1_000, PAGE_BYTES);
            BenchOptions.LoadGenerator generator = options.loadGenerator().resolve();
            LoadLevelRunner load = generator == BenchOptions.LoadGenerator.wrk
                    ? new WrkLoad(gateway.documentsUri(), GatewayServer.API_SECRET, pages, work)::run
                    : new GatewayLoad(gateway.documentsUri(), GatewayServer.API_SECRET, pages)::run;
            task.run(gateway, pages, generator, load);
        }
    }

    @FunctionalInterface
    private interface GatewayWork {
        void run(GatewayServer gateway, List<Workload.Page> pages, BenchOptions.LoadGenerator generator,
                LoadLevelRunner load)
                throws Exception;
    }

    /** One load level against the gateway, from either generator. */
    @FunctionalInterface
    private interface LoadLevelRunner {
        Report.LoadLevel run(int connections, Duration warmUp, Duration measured) throws Exception;
    }

    // ---- common -------------------------------------------------------------------------------------------------

    private static String describe(BatchingConfig batching) {
        BatchingConfig d = BatchingConfig.DEFAULT;
        return String.format(Locale.ROOT, "batch.linger.ms %d, batch.idle.ms %d, batch.commit.delay.ms %d "
                        + "(defaults %d, %d and %d)", batching.linger().toMillis(), batching.idle().toMillis(),
                batching.commitDelay().toMillis(), d.linger().toMillis(), d.idle().toMillis(),
                d.commitDelay().toMillis());
    }

    private void printStreamsOverrides() {
        if (!options.streamsProperties().isEmpty()) {
            out.println("# Kafka Streams settings of every instance (--streams): " + options.streamsProperties());
        }
    }

    private BenchPipeline pipeline(LatencyModel model, Profile profile, int instances) throws Exception {
        String name = profile.label().replace('_', '-') + "-" + instances + "x-" + (++pipelines);
        BatchingConfig batching = profile == Profile.SLUICE ? options.sluiceBatching() : profile.batching();
        return new BenchPipeline(name, kafka, work, model, profile, batching, options.streamsProperties(), instances,
                tokens);
    }

    /**
     * Unmeasured runs of {@value #WARM_UP_DOCUMENTS} documents until the JIT is quiet (JIT, connections, the first
     * writes of every changelog topic: production runs for hours), the same criterion for every configuration and
     * mode, so that a scenario measures the same alone as after other benchmarks in the same JVM.
     */
    private void warmUp(BenchPipeline pipeline) throws Exception {
        JitWarmUp.untilIdle(options.warmUps(), options.maxWarmUps(), n -> {
            BenchPipeline.RunResult run = pipeline.run(seed.pages("warm-" + pipelines + "-" + n, WARM_UP_DOCUMENTS,
                    0), RUN_TIMEOUT);
            return String.format(Locale.ROOT, "%d documents in %.3f s", run.documents(), run.seconds());
        }, out);
    }

    /** The pages of one run: {@code count} documents under URLs unique to {@code round}. */
    @FunctionalInterface
    private interface Pages {
        List<Workload.Page> of(String round, int count);
    }

    private ScenarioResult measure(LatencyModel model, BenchPipeline pipeline, String scenario, Profile profile,
            int instances, int documents, int runs, Pages pages) throws InterruptedException {
        ProcessUsage usage = ProcessUsage.start();
        double[] seconds = new double[runs];
        List<Double> latencies = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        ScenarioResult.Outcomes outcomes = ScenarioResult.Outcomes.NONE;
        ServiceUsage services = null;
        double measuredSeconds = 0;
        for (int r = 0; r < runs; r++) {
            List<Workload.Page> posted = pages.of(scenario + "-" + pipelines + "-" + r, documents);
            model.tei().drainUsage();
            model.qdrant().drainUsage();
            BenchPipeline.RunResult run = pipeline.run(posted, RUN_TIMEOUT);
            LatencyTeiServer.Usage tei = model.tei().drainUsage();
            LatencyQdrantServer.Usage qdrant = model.qdrant().drainUsage();
            ServiceUsage runUsage = new ServiceUsage(tei.busy(), tei.mostOpen(), LatencyModel.Tei.CONCURRENCY,
                    qdrant.busy());
            services = services == null ? runUsage : services.merge(runUsage, measuredSeconds, run.seconds());
            measuredSeconds += run.seconds();
            seconds[r] = run.seconds();
            latencies.addAll(run.latencyMs());
            batches.addAll(run.batchSizes());
            outcomes = outcomes.plus(run.outcomes());
            out.printf(Locale.ROOT, "%-13s %-12s run %d: %d documents in %.3f s (all accepted after %.0f ms), latency "
                            + "p50 %.0f ms, p99 %.0f ms (median indexing %.0f ms, decided to read %.0f ms), "
                            + "batches %s%s%n  outcomes indexed / unchanged / failed / missing %s, %d chunks; %s; %s; "
                            + "bound by %s%n", scenario, profile.label(), r + 1, documents, run.seconds(),
                    run.acceptedSeconds() * 1000, Percentiles.of(run.latencyMs(), 50),
                    Percentiles.of(run.latencyMs(), 99), run.indexingMs(), run.publishingMs(), run.batchSizes(),
                    instances > 1 ? ", documents per instance " + run.documentsPerInstance() : "",
                    run.outcomes().cells(), run.outcomes().chunks(), tei, qdrant, runUsage.boundBy());
            if (run.outcomes().lost() > 0) {
                out.printf(Locale.ROOT, "  WARNING: %d documents failed and %d went missing in this run%n",
                        run.outcomes().failed(), run.outcomes().missing());
            }
        }
        return new ScenarioResult(scenario, profile.label(), instances, documents, seconds, latencies, batches,
                outcomes, usage.cpuSeconds(), usage.peakHeapMb(), services == null ? ServiceUsage.NONE : services);
    }

    private void writeMarkdown(String file, String title, String table) throws IOException {
        Path path = options.outputDir().resolve(file);
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, "## " + title + "\n\n" + table, StandardCharsets.UTF_8);
        out.println("(written to " + path.toAbsolutePath().normalize() + ")");
    }

    @Override
    public void close() throws Exception {
        try (tokens) {
            kafka.close();
        }
    }
}
