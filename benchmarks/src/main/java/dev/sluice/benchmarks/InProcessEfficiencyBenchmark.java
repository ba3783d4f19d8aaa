package dev.sluice.benchmarks;

import dev.sluice.processor.chunk.Chunk;
import dev.sluice.processor.chunk.ChunkingConfig;
import dev.sluice.processor.chunk.StructureAwareChunker;
import dev.sluice.processor.embed.coalesce.CoalescingConfig;
import dev.sluice.processor.embed.coalesce.CoalescingEmbedder;
import dev.sluice.processor.embed.onnx.OnnxEmbedder;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.processor.topology.BatchingConfig;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;

/**
 * The limit of one machine: how close the whole pipeline on the in-process model (Kafka, cleaning, chunking, ONNX
 * MiniLM, Lucene HNSW and BM25, exactly-once commits) comes to the bare embedder on the same chunks. Both run in the
 * same process, alternately (each side first in every other pair), so they see the same machine:
 * <ul>
 *   <li>{@code bare}: the chunks of every page (cleaned and chunked beforehand, untimed) embedded in one call of the
 *       in-process embedder — its best case, all texts at once, sorted by length;</li>
 *   <li>{@code pipeline}: the same pages produced at once to the documents topic; the clock stops when the last
 *       outcome is readable.</li>
 * </ul>
 * Efficiency = pipeline documents/s ÷ bare documents/s. The pages are real ones: the Python standard library
 * documentation used by the retrieval-quality test. After the runs it prints where the CPU went on each side
 * ({@link CpuSplit}): what the pipeline spends besides the model, on the same cores.
 * <p>Properties (or {@code key=value} arguments): {@code bench.pages} (120), {@code bench.warmups} (unmeasured pipeline
 * runs before the measured ones; default: until the JIT has settled), {@code bench.idle.ms} (the processor's
 * {@code batch.idle.ms}), and those of {@link PipelineHarness} ({@code bench.stream.threads},
 * {@code bench.streams.<key>}).
 * Run: {@code ./mvnw -q -pl benchmarks -am install -DskipTests && ./mvnw -q -pl benchmarks validate exec:exec
 * -Djmh.main=dev.sluice.benchmarks.InProcessEfficiencyBenchmark -Djmh.args="6 bench.pages=120"}.
 */
public final class InProcessEfficiencyBenchmark {
    private static final Path CORPUS =
            Path.of("../stream-processor/src/test/resources/quality/python-library.jsonl.gz");

    private static final int MIN_WARMUPS = 10;
    private static final int MAX_WARMUPS = 30;

    private InProcessEfficiencyBenchmark() {}

    /** Paired runs: an even number, so that each side goes first as often. 3 pairs gave 74 / 90 / 81 % in one JVM. */
    static final int DEFAULT_PAIRS = 6;

    public static void main(String[] args) throws Exception {
        int runs = PipelineHarness.parseArgs(args, DEFAULT_PAIRS);
        List<Page> corpus = pages(Integer.getInteger("bench.pages", 120));
        List<DocumentEvent> pages = crawl(corpus, 0);
        BatchingConfig batching = BatchingConfig.DEFAULT.withIdle(
                Duration.ofMillis(Long.getLong("bench.idle.ms", BatchingConfig.DEFAULT_IDLE.toMillis())));
        try (PipelineHarness harness = new PipelineHarness(); OnnxEmbedder onnx = new OnnxEmbedder();
                CoalescingEmbedder coalescing = new CoalescingEmbedder(new Unclosed(onnx),
                        CoalescingConfig.defaults());
                PipelineHarness.Running processor = harness.start("inprocess", new PipelineHarness.Setup(coalescing,
                        IndexingConfig.DEFAULT, batching, InflightLimiter.defaults(), 12))) {
            StructuredTextCleaner cleaner = new StructuredTextCleaner();
            StructureAwareChunker chunker = new StructureAwareChunker(ChunkingConfig.defaults(), harness.tokens());
            List<String> texts = new ArrayList<>();
            for (DocumentEvent page : pages) {
                chunker.chunk(cleaner.clean(page)).stream().map(Chunk::text).forEach(texts::add);
            }
            System.out.printf(Locale.ROOT, "%d pages, %d chunks%n", pages.size(), texts.size());
            onnx.embed(texts); // the bare side's warm-up: its work is native, one call loads and touches it all
            warmUp(processor, corpus);

            double[] bare = new double[runs];
            double[] pipeline = new double[runs];
            double[] ratio = new double[runs];
            Map<CpuSplit.Part, Double> bareCpu = new EnumMap<>(CpuSplit.Part.class);
            Map<CpuSplit.Part, Double> pipelineCpu = new EnumMap<>(CpuSplit.Part.class);
            for (int run = 0; run < runs; run++) {
                // Each side goes first in every other pair: a drift of the shared machine's speed within a pair then
                // favours neither side.
                boolean bareFirst = run % 2 == 0;
                if (bareFirst) {
                    bare[run] = bareRun(onnx, texts, pages.size(), bareCpu);
                }
                CpuSplit beforePipeline = CpuSplit.now();
                PipelineHarness.Result r = processor.run(crawl(corpus, run + 1)); // same pages, new URLs
                CpuSplit.addSince(beforePipeline, pipelineCpu);
                pipeline[run] = pages.size() / r.seconds();
                if (!bareFirst) {
                    bare[run] = bareRun(onnx, texts, pages.size(), bareCpu);
                }
                ratio[run] = pipeline[run] / bare[run];
                System.out.printf(Locale.ROOT, "run %d (%s first): bare %.1f documents/s, pipeline %.1f documents/s "
                                + "(%.0f %%); per document, median ms: cleaning %d, chunking %d, embedding %d, "
                                + "vector upsert %d, bm25 %d%n", run + 1, bareFirst ? "bare" : "pipeline", bare[run],
                        pipeline[run], 100 * pipeline[run] / bare[run], r.medianStage(t -> t.cleaningMs()),
                        r.medianStage(t -> t.chunkingMs()), r.medianStage(t -> t.embeddingMs()),
                        r.medianStage(t -> t.vectorUpsertMs()), r.medianStage(t -> t.bm25Ms()));
            }
            // What ran besides the model: the pipeline's work on the same cores, and the JVM's (JIT, GC).
            System.out.printf(Locale.ROOT, "%ncpu over the %d runs, bare:     %s%n", runs, CpuSplit.format(bareCpu));
            System.out.printf(Locale.ROOT, "cpu over the %d runs, pipeline: %s%n", runs, CpuSplit.format(pipelineCpu));
            double b = PipelineHarness.median(bare);
            double p = PipelineHarness.median(pipeline);
            System.out.printf(Locale.ROOT, "%nbare     documents/s median %.1f  all %s%n", b, Arrays.toString(bare));
            System.out.printf(Locale.ROOT, "pipeline documents/s median %.1f  all %s%n", p, Arrays.toString(pipeline));
            // Each run's pair saw the same moment of a shared machine: the median of the paired ratios is the figure.
            System.out.printf(Locale.ROOT, "inprocess efficiency=%.0f%% (median of %d paired runs %s; medians: "
                    + "pipeline %.1f, bare %.1f documents/s)%n", 100 * PipelineHarness.median(ratio), runs,
                    Arrays.toString(Arrays.stream(ratio).map(x -> Math.round(100 * x)).toArray()), p, b);
        }
    }

    /** The bare embedder on the pipeline's chunks, once: documents/s; its CPU is added to {@code cpu}. */
    private static double bareRun(OnnxEmbedder onnx, List<String> texts, int pages, Map<CpuSplit.Part, Double> cpu) {
        CpuSplit before = CpuSplit.now();
        long start = System.nanoTime();
        onnx.embed(texts);
        double perSecond = pages / ((System.nanoTime() - start) / 1e9);
        CpuSplit.addSince(before, cpu);
        return perSecond;
    }

    /**
     * Runs the pipeline, unmeasured, until the JIT has settled ({@link JitWarmUp}: 10 to 30 runs here; C2 needed 10–20
     * runs of 120 pages, 3–6 minutes on 2 cores), or {@code bench.warmups} runs when set.
     */
    private static void warmUp(PipelineHarness.Running processor, List<Page> corpus) throws Exception {
        Integer fixed = Integer.getInteger("bench.warmups");
        JitWarmUp.untilSettled(fixed == null ? MIN_WARMUPS : fixed, fixed == null ? MAX_WARMUPS : fixed, run -> {
            PipelineHarness.Result r = processor.run(crawl(corpus, -run)); // new URLs: new documents every run
            return String.format(Locale.ROOT, "pipeline %.1f documents/s", corpus.size() / r.seconds());
        }, System.out);
    }

    private record Page(String url, String title, String html) {}

    /** The pages as the crawler would send them (HTML), under URLs of their own per crawl: new documents each time. */
    private static List<DocumentEvent> crawl(List<Page> pages, int crawl) {
        return pages.stream().map(p -> DocumentEvent.builder(p.url().replace("https://docs.python.org/",
                "https://docs.python.org/crawl-" + crawl + "/")).title(p.title()).html(p.html()).build()).toList();
    }

    /** The first {@code count} pages of the corpus. */
    private static List<Page> pages(int count) throws IOException {
        List<Page> pages = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(CORPUS)), StandardCharsets.UTF_8))) {
            String line;
            while (pages.size() < count && (line = in.readLine()) != null) {
                JsonNode page = Json.mapper().readTree(line);
                pages.add(new Page(page.get("url").asString(), page.get("title").asString(),
                        page.get("html").asString()));
            }
        }
        return pages;
    }

    /** Keeps the embedder open when the coalescing wrapper closes: the bare runs use it directly. */
    private record Unclosed(OnnxEmbedder delegate) implements dev.sluice.processor.embed.Embedder {
        @Override
        public List<float[]> embed(List<String> texts) {
            return delegate.embed(texts);
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public String modelId() {
            return delegate.modelId();
        }

        @Override
        public void close() {}
    }
}
