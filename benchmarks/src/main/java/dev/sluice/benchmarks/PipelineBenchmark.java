package dev.sluice.benchmarks;

import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.embed.coalesce.CoalescingConfig;
import dev.sluice.processor.embed.coalesce.CoalescingEmbedder;
import dev.sluice.processor.embed.tei.TeiConfig;
import dev.sluice.processor.embed.tei.TeiEmbedder;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.engine.RetryPolicy;
import dev.sluice.processor.topology.BatchingConfig;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.schemas.DocumentEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reference workload end to end, on an in-JVM broker: a crawl of 50 documents of about 5 KB arrives at once;
 * the time until all 50 outcomes are on the outcomes topic is measured, with an embedding server that answers every
 * request after 500 ms (TEI's HTTP API, at most 32 inputs a request). Two configurations in the same run:
 * <ul>
 *   <li>{@code sluice}: the defaults — batches of 16, 100 ms linger (10 ms idle), documents indexed concurrently,
 *       chunks of all documents coalesced into shared embedding requests (16 in flight);</li>
 *   <li>{@code sequential}: the old worker's way — one document at a time, one embedding request per document.</li>
 * </ul>
 * Run: {@code ./mvnw -q -pl benchmarks -am install -DskipTests && ./mvnw -q -pl benchmarks validate exec:exec
 * -Djmh.main=dev.sluice.benchmarks.PipelineBenchmark -Djmh.args=3} (the argument is the number of runs of each).
 */
public final class PipelineBenchmark {
    private static final int DOCUMENTS = 50;

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = PipelineHarness.parseArgs(args, 3); // "runs" or settings as key=value (bench.skip.sequential=true)
        try (PipelineHarness harness = new PipelineHarness(); LatencyTeiServer tei = new LatencyTeiServer(500, 80)) {
            double[] sluice = measure(harness, tei, true, runs);
            double[] sequential = Boolean.getBoolean("bench.skip.sequential") ? new double[] {Double.NaN}
                    : measure(harness, tei, false, runs);
            double s = PipelineHarness.median(sluice);
            double q = PipelineHarness.median(sequential);
            System.out.printf(Locale.ROOT, "%nscenario   runs  median_s  all_s%n");
            System.out.printf(Locale.ROOT, "sluice     %4d  %8.3f  %s%n", runs, s, Arrays.toString(sluice));
            System.out.printf(Locale.ROOT, "sequential %4d  %8.3f  %s%n", runs, q, Arrays.toString(sequential));
            System.out.printf(Locale.ROOT, "crawl50 sluice_s=%.3f sequential_s=%.3f speedup=%.1fx%n", s, q, q / s);
        }
    }

    /**
     * One processor instance of the configuration, warmed up by unmeasured crawls, then {@code runs} crawls. Sluice
     * gets {@code bench.warmup} warm-up crawls (default 10): a processor in production has run for hours, and the
     * first crawls of a fresh JVM still pay for JIT compilation (measured: 1.0–1.2 s falling to ≈0.8 s over the first
     * eight; after 5 warm-ups, the first 4 measured crawls were still 40–90 ms slower than the next 5 in each of seven
     * JVMs, after 10 about 30 ms). The sequential baseline gets one: its 26 s runs are warm after the first.
     */
    private static double[] measure(PipelineHarness harness, LatencyTeiServer tei, boolean sluice, int runs)
            throws Exception {
        String scenario = sluice ? "sluice" : "sequential";
        TeiConfig.Builder teiConfig = TeiConfig.builder(URI.create(tei.url())).expectedDimension(384);
        int inFlight = Integer.getInteger("bench.embedding.inflight", CoalescingConfig.DEFAULT_MAX_IN_FLIGHT);
        Duration coalesceLinger = Duration.ofMillis(Long.getLong("bench.embedding.linger.ms",
                CoalescingConfig.DEFAULT_LINGER.toMillis()));
        Duration commitDelay = Duration.ofMillis(Long.getLong("bench.commit.delay.ms",
                BatchingConfig.DEFAULT_COMMIT_DELAY.toMillis())); // 0: every finished batch commits at once
        try (Embedder embedder = sluice
                ? new CoalescingEmbedder(new TeiEmbedder(teiConfig.maxConcurrentRequests(inFlight).build()),
                        new CoalescingConfig(CoalescingConfig.DEFAULT_MAX_BATCH_SIZE,
                                CoalescingConfig.DEFAULT_MAX_BATCH_BYTES, inFlight, coalesceLinger))
                : new TeiEmbedder(teiConfig.maxConcurrentRequests(1).build())) {
            PipelineHarness.Setup setup = sluice
                    ? new PipelineHarness.Setup(embedder, IndexingConfig.DEFAULT,
                            BatchingConfig.DEFAULT.withCommitDelay(commitDelay), InflightLimiter.defaults(), 12)
                    : new PipelineHarness.Setup(embedder, new IndexingConfig(1, RetryPolicy.NONE),
                            BatchingConfig.DEFAULT.withMaxDocuments(1).withLinger(Duration.ZERO),
                            new InflightLimiter(1, Long.MAX_VALUE), 12);
            try (PipelineHarness.Running pipeline = harness.start(scenario, setup)) {
                int warmups = sluice ? Integer.getInteger("bench.warmup", 10) : 1;
                for (int w = 1; w <= warmups; w++) {
                    pipeline.run(crawl(-w)); // unmeasured; its own URLs
                }
                tei.drainStats();
                double[] seconds = new double[runs];
                for (int run = 1; run <= runs; run++) {
                    PipelineHarness.Result r = pipeline.run(crawl(run));
                    seconds[run - 1] = r.seconds();
                    System.out.printf(Locale.ROOT, "%-10s run %d: %d documents in %.3f s; per document, median ms: "
                                    + "cleaning %d, chunking %d, embedding %d, vector upsert %d, bm25 %d, total in "
                                    + "batch %d%n           %s%n           embedding server: %s%n",
                            scenario, run, DOCUMENTS, r.seconds(), r.medianStage(t -> t.cleaningMs()),
                            r.medianStage(t -> t.chunkingMs()), r.medianStage(t -> t.embeddingMs()),
                            r.medianStage(t -> t.vectorUpsertMs()), r.medianStage(t -> t.bm25Ms()),
                            r.medianStage(t -> t.totalMs()), r.timeline(), tei.drainStats());
                }
                return seconds;
            }
        }
    }

    /**
     * 50 pages of about 5 KB of markdown each: a heading, sections and paragraphs of plain prose. The text is the same
     * for every {@code crawl}; the URLs (so the document ids) are new, so every run indexes 50 new documents.
     */
    static List<DocumentEvent> crawl(int crawl) {
        String[] words = ("the stream processor groups documents into batches by count size and time and indexes "
                + "each batch concurrently with text cleaning chunking embedding vector upsert and keyword search "
                + "every document gets exactly one outcome failures go to a dead letter topic").split(" ");
        List<DocumentEvent> docs = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < DOCUMENTS; i++) {
            StringBuilder md = new StringBuilder("# Page " + i + "\n\n");
            while (md.length() < 5_000) {
                md.append("## Section ").append(md.length() / 1000).append("\n\n");
                for (int p = 0; p < 3; p++) {
                    for (int w = 0; w < 60; w++) md.append(words[random.nextInt(words.length)]).append(' ');
                    md.append(".\n\n");
                }
            }
            docs.add(DocumentEvent.builder("https://docs.example.com/crawl-" + crawl + "/" + i).title("Page " + i)
                    .markdown(md.toString()).build());
        }
        return docs;
    }
}
