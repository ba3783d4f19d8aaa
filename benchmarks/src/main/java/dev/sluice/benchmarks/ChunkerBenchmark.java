package dev.sluice.benchmarks;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.sluice.processor.chunk.Chunk;
import dev.sluice.processor.chunk.ChunkingConfig;
import dev.sluice.processor.chunk.ModelTokenCounter;
import dev.sluice.processor.chunk.StructureAwareChunker;
import dev.sluice.processor.embed.MiniLm;
import dev.sluice.processor.text.CleanedDocument;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.schemas.DocumentEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Documents per second through {@link StructureAwareChunker} with the default configuration (254 tokens, 50 of
 * overlap), for a real document of about 25 chunks: the first blocks of Node.js {@code BUILDING.md}, cleaned.
 *
 * <ul>
 *   <li>{@code chunkWarm}: the production case, a {@link ModelTokenCounter} whose word cache has seen text before.</li>
 *   <li>{@code chunkWithoutCache}: every count goes to the tokenizer (cache size 0): what the cache saves.</li>
 *   <li>{@code baselineTokenizeOnce}: the model's tokenizer encoding the document's whole text once, untruncated —
 *       the least any exact chunker has to spend on counting.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ChunkerBenchmark {
    private static final int TARGET_CHUNKS = 25;

    private ModelTokenCounter warmCounter;
    private ModelTokenCounter uncachedCounter;
    private HuggingFaceTokenizer tokenizer;
    private StructureAwareChunker warm;
    private StructureAwareChunker uncached;
    private CleanedDocument document;
    private String documentText;

    @Setup
    public void load() {
        warmCounter = new ModelTokenCounter();
        uncachedCounter = new ModelTokenCounter(0);
        tokenizer = MiniLm.newTokenizer();
        warm = new StructureAwareChunker(ChunkingConfig.defaults(), warmCounter);
        uncached = new StructureAwareChunker(ChunkingConfig.defaults(), uncachedCounter);

        CleanedDocument page = new StructuredTextCleaner().clean(
                DocumentEvent.builder("https://github.com/nodejs/node/blob/main/BUILDING.md")
                        .markdown(TextResources.read(TextResources.MARKDOWN_PAGE)).build());
        int blocks = 1;
        do {
            document = new CleanedDocument(page.blocks().subList(0, blocks++));
        } while (warm.chunk(document).size() < TARGET_CHUNKS && blocks <= page.blocks().size());
        documentText = document.text();
    }

    @TearDown
    public void close() {
        warmCounter.close();
        uncachedCounter.close();
        tokenizer.close();
    }

    @Benchmark
    public List<Chunk> chunkWarm() {
        return warm.chunk(document);
    }

    @Benchmark
    public List<Chunk> chunkWithoutCache() {
        return uncached.chunk(document);
    }

    /** Baseline: one untruncated encoding of the whole text (first encoding plus overflow). */
    @Benchmark
    public int baselineTokenizeOnce() {
        Encoding encoding = tokenizer.encode(documentText, false, true);
        int tokens = encoding.getIds().length;
        for (Encoding overflow : encoding.getOverflowing()) {
            tokens += overflow.getIds().length;
        }
        return tokens;
    }
}
