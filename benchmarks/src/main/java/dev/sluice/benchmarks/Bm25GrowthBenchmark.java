package dev.sluice.benchmarks;

import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.lucene.LuceneKeywordIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it costs to add one document (25 chunks of about 180 words: upsert, then refresh so that it is searchable) to
 * a BM25 index that already holds 1 000 or 100 000 chunks. The old worker rebuilt its whole index per document, so
 * its cost grew with the corpus; {@link LuceneKeywordIndex} writes only the new document, so the two figures should
 * be close.
 *
 * <p>The corpus is synthetic but shaped like text: pronounceable words drawn from a 20 000-word vocabulary with a Zipf
 * distribution, a third of them English stop words, in sentences. It is built once per trial in a temporary
 * directory. After each measured call the document is deleted again (not measured), so the index keeps its size.
 *
 * <p>Run (after {@code ./mvnw -o -q -pl benchmarks -am install -DskipTests}; {@code validate} makes Maven choose the
 * JDK 21+ toolchain that the exec plugin then uses):
 * {@code ./mvnw -q -pl benchmarks validate exec:exec -Djmh.args="Bm25GrowthBenchmark -f 1 -wi 2 -i 5"}.
 * Quote the medians ({@code p0.50}) and their ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class Bm25GrowthBenchmark {
    static final int CHUNKS_PER_DOCUMENT = 25;
    /** Documents added in turn by the benchmark; each is deleted after its call, so ids can be reused. */
    static final int NEW_DOCUMENTS = 64;

    @Param({"1000", "100000"})
    int corpusChunks;

    private Path directory;
    private LuceneKeywordIndex index;
    private List<List<IndexedChunk>> newDocuments;
    private int next;
    private String added;

    @Setup(Level.Trial)
    public void buildCorpus() throws IOException {
        long start = System.nanoTime();
        directory = Files.createTempDirectory("bm25-growth-");
        index = new LuceneKeywordIndex(directory);
        SyntheticText text = new SyntheticText();
        // Each document has its own seed, so the corpus is the same whatever the order the threads write it in.
        IntStream.range(0, corpusChunks / CHUNKS_PER_DOCUMENT).parallel().forEach(d -> {
            String id = "corpus-" + d;
            index.upsert(id, text.document(id, CHUNKS_PER_DOCUMENT));
        });
        index.refresh();
        index.commit();
        newDocuments = new ArrayList<>();
        for (int d = 0; d < NEW_DOCUMENTS; d++) {
            newDocuments.add(text.document("new-" + d, CHUNKS_PER_DOCUMENT));
        }
        if (index.chunkCount() != corpusChunks) {
            throw new IllegalStateException("corpus has " + index.chunkCount() + " chunks, not " + corpusChunks);
        }
        System.out.printf("(corpus of %d chunks built in %.1f s) ", corpusChunks, (System.nanoTime() - start) / 1e9);
    }

    @Benchmark
    public long addDocument() {
        List<IndexedChunk> chunks = newDocuments.get(next);
        next = (next + 1) % NEW_DOCUMENTS;
        added = chunks.getFirst().documentId();
        index.upsert(added, chunks);
        index.refresh();
        return chunks.size();
    }

    @TearDown(Level.Invocation)
    public void removeAddedDocument() {
        if (added != null) {
            index.delete(added);
            index.refresh();
            added = null;
        }
    }

    @TearDown(Level.Trial)
    public void deleteCorpus() throws IOException {
        index.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * Deterministic text with the statistics that matter to an inverted index: a long-tailed vocabulary (Zipf, s = 1)
     * of pronounceable words, stop words at about their English rate, sentences of 6 to 20 words.
     */
    static final class SyntheticText {
        private static final String[] STOP_WORDS = {"the", "of", "and", "to", "a", "in", "is", "it", "that", "for",
            "on", "with", "as", "was", "be", "by", "this", "are", "or", "from"};
        private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t",
            "v", "w", "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "str", "th", "tr"};
        private static final String[] NUCLEI = {"a", "e", "i", "o", "u", "ai", "ea", "ee", "io", "ou"};
        private static final String[] CODAS = {"", "", "", "n", "r", "s", "t", "l", "m", "nd", "ng", "st", "ck"};
        private static final int VOCABULARY = 20_000;
        private static final int WORDS_PER_CHUNK = 180;

        private final String[] vocabulary = new String[VOCABULARY];
        private final double[] cumulative = new double[VOCABULARY];

        SyntheticText() {
            double sum = 0;
            for (int rank = 0; rank < VOCABULARY; rank++) {
                vocabulary[rank] = word(rank);
                sum += 1.0 / (rank + 1);
                cumulative[rank] = sum;
            }
            for (int rank = 0; rank < VOCABULARY; rank++) {
                cumulative[rank] /= sum;
            }
        }

        /** The rank-th word: syllables picked from the rank's digits, so every rank gives its own word. */
        private static String word(int rank) {
            StringBuilder w = new StringBuilder();
            int n = rank;
            do {
                w.append(ONSETS[n % ONSETS.length]);
                n /= ONSETS.length;
                w.append(NUCLEI[n % NUCLEI.length]);
                n /= NUCLEI.length;
                w.append(CODAS[(rank + w.length()) % CODAS.length]);
            } while (n > 0);
            return w.toString();
        }

        /** The chunks of document {@code id}: always the same for the same id. Thread-safe. */
        List<IndexedChunk> document(String id, int chunks) {
            SplittableRandom random = new SplittableRandom(id.hashCode());
            String url = "https://docs.example.org/" + id;
            String title = capitalized(sentenceWords(random, 3 + random.nextInt(4)));
            List<IndexedChunk> result = new ArrayList<>(chunks);
            for (int i = 0; i < chunks; i++) {
                String heading = capitalized(sentenceWords(random, 2)) + " > "
                        + capitalized(sentenceWords(random, 2 + random.nextInt(2)));
                result.add(new IndexedChunk(ChunkIds.of(id, i), id, i, url, "docs.example.org", title, heading, "en",
                        paragraph(random), null));
            }
            return result;
        }

        private String paragraph(SplittableRandom random) {
            StringBuilder text = new StringBuilder();
            int words = 0;
            while (words < WORDS_PER_CHUNK) {
                int length = 6 + random.nextInt(15);
                if (!text.isEmpty()) text.append(' ');
                text.append(capitalized(sentenceWords(random, length))).append('.');
                words += length;
            }
            return text.toString();
        }

        private String sentenceWords(SplittableRandom random, int count) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < count; i++) {
                if (i > 0) s.append(' ');
                s.append(random.nextInt(3) == 0 ? STOP_WORDS[random.nextInt(STOP_WORDS.length)] : zipfWord(random));
            }
            return s.toString();
        }

        private String zipfWord(SplittableRandom random) {
            int rank = Arrays.binarySearch(cumulative, random.nextDouble());
            return vocabulary[rank >= 0 ? rank : Math.min(-rank - 1, VOCABULARY - 1)];
        }

        private static String capitalized(String s) {
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
