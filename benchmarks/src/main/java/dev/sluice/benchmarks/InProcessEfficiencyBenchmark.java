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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;

/**
 * The limit of one machine: how close the whole pipeline on the in-process model (Kafka, cleaning, chunking, ONNX
 * MiniLM, Lucene HNSW and BM25, exactly-once commits) comes to the bare embedder on the same chunks. Both run in the
 * same process, alternately, so they see the same machine:
 * <ul>
 *   <li>{@code bare}: the chunks of every page (cleaned and chunked beforehand, untimed) embedded in one call of the
 *       in-process embedder — its best case, all texts at once, sorted by length;</li>
 *   <li>{@code pipeline}: the same pages produced at once to the documents topic; the clock stops when the last
 *       outcome is readable.</li>
 * </ul>
 * Efficiency = pipeline documents/s ÷ bare documents/s. The pages are real ones: the Python standard library
 * documentation used by the retrieval-quality test.
 * Run: {@code ./mvnw -q -pl benchmarks -am install -DskipTests && ./mvnw -q -pl benchmarks validate exec:exec
 * -Djmh.main=dev.sluice.benchmarks.InProcessEfficiencyBenchmark -Djmh.args="3 bench.pages=120"}.
 */
public final class InProcessEfficiencyBenchmark {
    private static final Path CORPUS =
            Path.of("../stream-processor/src/test/resources/quality/python-library.jsonl.gz");

    private InProcessEfficiencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = PipelineHarness.parseArgs(args, 3);
        List<Page> corpus = pages(Integer.getInteger("bench.pages", 120));
        List<DocumentEvent> pages = crawl(corpus, 0);
        try (PipelineHarness harness = new PipelineHarness(); OnnxEmbedder onnx = new OnnxEmbedder();
                CoalescingEmbedder coalescing = new CoalescingEmbedder(new Unclosed(onnx),
                        CoalescingConfig.defaults());
                PipelineHarness.Running processor = harness.start("inprocess", new PipelineHarness.Setup(coalescing,
                        IndexingConfig.DEFAULT, BatchingConfig.DEFAULT, InflightLimiter.defaults(), 12))) {
            StructuredTextCleaner cleaner = new StructuredTextCleaner();
            StructureAwareChunker chunker = new StructureAwareChunker(ChunkingConfig.defaults(), harness.tokens());
            List<String> texts = new ArrayList<>();
            for (DocumentEvent page : pages) {
                chunker.chunk(cleaner.clean(page)).stream().map(Chunk::text).forEach(texts::add);
            }
            System.out.printf(Locale.ROOT, "%d pages, %d chunks%n", pages.size(), texts.size());
            // A long-running processor is warm: one unmeasured pair first (JIT of Kafka, Lucene and our code paths
            // took 15 % of the CPU of a short cold run).
            onnx.embed(texts);
            processor.run(pages);

            double[] bare = new double[runs];
            double[] pipeline = new double[runs];
            double[] ratio = new double[runs];
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                onnx.embed(texts);
                bare[run] = pages.size() / ((System.nanoTime() - start) / 1e9);
                {
                    PipelineHarness.Result r = processor.run(crawl(corpus, run + 1)); // same pages, new URLs
                    pipeline[run] = pages.size() / r.seconds();
                    ratio[run] = pipeline[run] / bare[run];
                    System.out.printf(Locale.ROOT, "run %d: bare %.1f documents/s, pipeline %.1f documents/s "
                                    + "(%.0f %%); per document, median ms: cleaning %d, chunking %d, embedding %d, "
                                    + "vector upsert %d, bm25 %d%n", run + 1, bare[run], pipeline[run],
                            100 * pipeline[run] / bare[run], r.medianStage(t -> t.cleaningMs()),
                            r.medianStage(t -> t.chunkingMs()), r.medianStage(t -> t.embeddingMs()),
                            r.medianStage(t -> t.vectorUpsertMs()), r.medianStage(t -> t.bm25Ms()));
                }
            }
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
