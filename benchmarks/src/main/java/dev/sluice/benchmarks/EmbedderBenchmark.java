package dev.sluice.benchmarks;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.sluice.processor.embed.MiniLm;
import dev.sluice.processor.embed.onnx.OnnxEmbedder;
import dev.sluice.processor.embed.onnx.OnnxEmbedderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Texts per second of the in-process embedders on one list of {@value #TEXTS} texts of English prose, each about
 * {@code tokens} tokens long ([CLS] and [SEP] included; our tokenizer never truncates them):
 *
 * <ul>
 *   <li>{@code langchain4jEmbedAll}: the baseline, langchain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel.embedAll}
 *       with its default executor (one ONNX run per text on a pool of one thread per core). Beware: its tokenizer
 *       file truncates every text to 128 tokens, so of a 256-token text it embeds only the first half — about 45% of
 *       the work, attention being quadratic.</li>
 *   <li>{@code onnxEmbedder}: {@link OnnxEmbedder} as configured by default (all 256 tokens), thread layout from
 *       {@code threads}, batch size from {@code maxBatchSize}.</li>
 *   <li>{@code onnxEmbedderAt128Tokens}: the same, truncating to 128 tokens like the baseline: the same work, for a
 *       like-for-like ratio.</li>
 * </ul>
 *
 * <p>Scores are texts/s ({@code @OperationsPerInvocation}); the secondary result {@code :cpuCoresBusy} is the CPU the
 * process used, so that score ÷ cpuCoresBusy = texts per CPU second, the figure that stays steady when other work
 * shares the machine. Run with e.g. {@code -Djmh.args="EmbedderBenchmark -f 1 -wi 2 -i 5"};
 * {@code -p threads=2x1,1x2} compares thread layouts, {@code -p maxBatchSize=1,32} batching with none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-DDJL_CACHE_DIR=target/djl"})
public class EmbedderBenchmark {
    static final int TEXTS = 64;
    private static final String PROSE = "declaration-of-independence.txt";

    /** Tokens per text, [CLS] and [SEP] included. */
    @Param({"256", "64"})
    public int tokens;

    /** Thread layout of the OnnxEmbedder: intra-op threads × concurrent runs; "default" is its own default. */
    @Param({"default"})
    public String threads;

    /** {@code embedding.max.batch.size} of the OnnxEmbedder; 1 runs every text alone (no padding, no batching). */
    @Param({"32"})
    public int maxBatchSize;

    private List<String> texts;
    private List<TextSegment> segments;
    private AllMiniLmL6V2QuantizedEmbeddingModel langchain4j;
    private OnnxEmbedder onnx;
    private OnnxEmbedder onnxAt128Tokens;

    @Setup(Level.Trial)
    public void setUp() {
        texts = proseTexts(tokens, TEXTS);
        segments = texts.stream().map(TextSegment::from).toList();
        langchain4j = new AllMiniLmL6V2QuantizedEmbeddingModel();
        OnnxEmbedderConfig config = withThreads(OnnxEmbedderConfig.defaults(), threads).withMaxBatchSize(maxBatchSize);
        onnx = new OnnxEmbedder(config);
        onnxAt128Tokens = new OnnxEmbedder(config.withMaxSequenceLength(128));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        onnx.close();
        onnxAt128Tokens.close();
    }

    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public Object langchain4jEmbedAll(CpuTime cpu) {
        long start = cpu.now();
        Object vectors = langchain4j.embedAll(segments).content();
        cpu.add(start);
        return vectors;
    }

    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public List<float[]> onnxEmbedder(CpuTime cpu) {
        long start = cpu.now();
        List<float[]> vectors = onnx.embed(texts);
        cpu.add(start);
        return vectors;
    }

    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public List<float[]> onnxEmbedderAt128Tokens(CpuTime cpu) {
        long start = cpu.now();
        List<float[]> vectors = onnxAt128Tokens.embed(texts);
        cpu.add(start);
        return vectors;
    }

    /**
     * CPU the whole process uses while embedding, as a secondary result {@code :cpuCoresBusy} (CPU seconds per second,
     * shown in JMH's "ops/s"). Texts/s divided by it is texts per CPU second: on a machine shared with other work,
     * texts/s swing with the load while the CPU a text costs hardly does, so it is the steadier figure for comparing
     * the embedders. It counts every thread, also those that only spin-wait.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class CpuTime {
        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        /** CPU seconds used by the process during the benchmark method; JMH divides it by the iteration's time. */
        public double cpuCoresBusy;

        long now() {
            return OS.getProcessCpuTime();
        }

        void add(long start) {
            cpuCoresBusy += (OS.getProcessCpuTime() - start) / 1e9;
        }
    }

    static OnnxEmbedderConfig withThreads(OnnxEmbedderConfig config, String layout) {
        if (layout.equals("default")) {
            return config;
        }
        String[] parts = layout.split("x");
        return config.withThreads(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /**
     * {@code count} different passages of the Declaration of Independence (public domain), each made of whole words
     * and as many of them as fit in {@code tokens} tokens. Deterministic.
     */
    static List<String> proseTexts(int tokens, int count) {
        if (tokens < 3 || tokens > MiniLm.MAX_SEQUENCE_LENGTH) {
            throw new IllegalArgumentException("tokens must be within 3.." + MiniLm.MAX_SEQUENCE_LENGTH);
        }
        String[] words = prose().split("\\s+");
        List<String> texts = new ArrayList<>(count);
        try (HuggingFaceTokenizer tokenizer = MiniLm.newTokenizer()) {
            for (int i = 0; i < count; i++) {
                // start each passage at a different word, spread over the whole text
                int start = (int) ((long) i * words.length / count);
                texts.add(passage(words, start, tokens, tokenizer));
            }
        }
        return texts;
    }

    private static String passage(String[] words, int start, int tokens, HuggingFaceTokenizer tokenizer) {
        StringBuilder passage = new StringBuilder(words[start]);
        for (int w = start + 1; ; w++) {
            String longer = passage + " " + words[w % words.length];
            // the tokenizer stops at the model's limit, so a length at that limit may be a truncated one: stay below
            int length = tokenizer.encode(longer).getIds().length;
            if (length > tokens || length >= MiniLm.MAX_SEQUENCE_LENGTH) {
                return passage.toString();
            }
            passage.setLength(0);
            passage.append(longer);
        }
    }

    private static String prose() {
        try (InputStream in = EmbedderBenchmark.class.getResourceAsStream(PROSE)) {
            if (in == null) {
                throw new IllegalStateException(PROSE + " is missing from the benchmark's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
