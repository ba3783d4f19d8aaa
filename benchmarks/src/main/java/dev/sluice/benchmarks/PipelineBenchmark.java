package dev.sluice.benchmarks;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.processor.chunk.ChunkingConfig;
import dev.sluice.processor.chunk.ModelTokenCounter;
import dev.sluice.processor.chunk.StructureAwareChunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.embed.coalesce.CoalescingConfig;
import dev.sluice.processor.embed.coalesce.CoalescingEmbedder;
import dev.sluice.processor.embed.tei.TeiConfig;
import dev.sluice.processor.embed.tei.TeiEmbedder;
import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.engine.RetryPolicy;
import dev.sluice.processor.index.lucene.LuceneKeywordIndexConfig;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.processor.topology.BatchingConfig;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.processor.topology.LocalPartitions;
import dev.sluice.processor.topology.LuceneTargetsFactory;
import dev.sluice.processor.topology.SluiceTopology;
import dev.sluice.processor.topology.StreamsSettings;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The reference workload end to end, on an in-JVM broker: a crawl of 50 documents of about 5 KB arrives at once;
 * the time until all 50 outcomes are on the outcomes topic is measured, with an embedding server that answers every
 * request after 500 ms (TEI's HTTP API, at most 32 inputs a request). Two configurations in the same run:
 * <ul>
 *   <li>{@code sluice}: the defaults — batches of 16, 100 ms linger, documents indexed concurrently, chunks of all
 *       documents coalesced into shared embedding requests (8 in flight);</li>
 *   <li>{@code sequential}: the old worker's way — one document at a time, one embedding request per document.</li>
 * </ul>
 * Run: {@code ./mvnw -q -pl benchmarks -am install -DskipTests && ./mvnw -q -pl benchmarks validate exec:exec
 * -Djmh.main=dev.sluice.benchmarks.PipelineBenchmark -Djmh.args=3} (the argument is the number of runs of each).
 */
public final class PipelineBenchmark {
    private static final Topics TOPICS = Topics.defaults();
    private static final int DOCUMENTS = 50;

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = 3;
        for (String arg : args) { // "runs" or settings as key=value (bench.skip.sequential=true, ...)
            int eq = arg.indexOf('=');
            if (eq > 0) {
                System.setProperty(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                runs = Integer.parseInt(arg);
            }
        }
        Path work = Files.createTempDirectory("sluice-pipeline-bench");
        List<DocumentEvent> crawl = crawl();
        try (EmbeddedKafka kafka = new EmbeddedKafka(work.resolve("kafka"), "127.0.0.1", freePort(), freePort(),
                Map.of()).start();
                LatencyTeiServer tei = new LatencyTeiServer(500, 80);
                ModelTokenCounter tokens = new ModelTokenCounter()) {
            double[] sluice = new double[runs];
            double[] sequential = new double[runs];
            for (int run = 0; run < runs; run++) {
                sluice[run] = measure(kafka, tei, tokens, crawl, "sluice", run, work);
                sequential[run] = Boolean.getBoolean("bench.skip.sequential") ? Double.NaN
                        : measure(kafka, tei, tokens, crawl, "sequential", run, work);
            }
            double s = median(sluice);
            double q = median(sequential);
            System.out.printf(Locale.ROOT, "%nscenario   runs  median_s  all_s%n");
            System.out.printf(Locale.ROOT, "sluice     %4d  %8.3f  %s%n", runs, s, Arrays.toString(sluice));
            System.out.printf(Locale.ROOT, "sequential %4d  %8.3f  %s%n", runs, q, Arrays.toString(sequential));
            System.out.printf(Locale.ROOT, "crawl50 sluice_s=%.3f sequential_s=%.3f speedup=%.1fx%n", s, q, q / s);
        }
    }

    private static double measure(EmbeddedKafka kafka, LatencyTeiServer tei, ModelTokenCounter tokens,
            List<DocumentEvent> crawl, String scenario, int run, Path work) throws Exception {
        boolean sluice = scenario.equals("sluice");
        String suffix = scenario + "-" + run;
        Topics topics = Topics.withNames(Map.of("documents", "bench.documents-" + suffix,
                "outcomes", "bench.outcomes-" + suffix, "dlq", "bench.dlq-" + suffix));
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.documents().name(), 12, (short) 1),
                    new NewTopic(topics.outcomes().name(), 1, (short) 1),
                    new NewTopic(topics.deadLetters().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        TeiConfig.Builder teiConfig = TeiConfig.builder(URI.create(tei.url())).expectedDimension(384);
        int inFlight = Integer.getInteger("bench.embedding.inflight", CoalescingConfig.DEFAULT_MAX_IN_FLIGHT);
        Duration coalesceLinger = Duration.ofMillis(Long.getLong("bench.embedding.linger.ms", 0));
        Embedder embedder = sluice
                ? new CoalescingEmbedder(new TeiEmbedder(teiConfig.maxConcurrentRequests(inFlight).build()),
                        new CoalescingConfig(CoalescingConfig.DEFAULT_MAX_BATCH_SIZE,
                                CoalescingConfig.DEFAULT_MAX_BATCH_BYTES, inFlight, coalesceLinger))
                : new TeiEmbedder(teiConfig.maxConcurrentRequests(1).build());
        IndexingConfig indexing = sluice ? IndexingConfig.DEFAULT : new IndexingConfig(1, RetryPolicy.NONE);
        BatchingConfig batching = sluice ? BatchingConfig.DEFAULT
                : BatchingConfig.DEFAULT.withMaxDocuments(1).withLinger(Duration.ZERO);
        InflightLimiter limiter = sluice ? InflightLimiter.defaults() : new InflightLimiter(1, Long.MAX_VALUE);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try (BatchIndexer indexer = new BatchIndexer(new StructuredTextCleaner(),
                new StructureAwareChunker(ChunkingConfig.defaults(), tokens), embedder, indexing, Clock.systemUTC())) {
            var topology = SluiceTopology.build(topics, batching, indexer, new LuceneTargetsFactory(null, 384,
                    "bench", LuceneKeywordIndexConfig.defaults(), new LocalPartitions()), limiter, executor);
            StreamsSettings settings = new StreamsSettings("bench-" + suffix, kafka.bootstrapServers(),
                    work.resolve("state-" + suffix), StreamsConfig.EXACTLY_ONCE_V2, 2, "",
                    Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1"));
            try (KafkaStreams streams = new KafkaStreams(topology, settings.toProperties());
                    KafkaConsumer<String, IndexOutcome> outcomes = new KafkaConsumer<>(Map.<String, Object>of(
                            "bootstrap.servers", kafka.bootstrapServers(), "isolation.level", "read_committed"),
                            new StringDeserializer(), topics.outcomes().valueSerde().deserializer());
                    KafkaProducer<String, DocumentEvent> producer = new KafkaProducer<>(Map.<String, Object>of(
                            "bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "linger.ms", 0),
                            new StringSerializer(), topics.documents().valueSerde().serializer())) {
                streams.start();
                awaitRunning(streams);
                TopicPartition out = new TopicPartition(topics.outcomes().name(), 0);
                outcomes.assign(List.of(out));
                outcomes.seekToBeginning(List.of(out));
                outcomes.poll(Duration.ZERO);

                // The gateway's producer knows the topic already: fetch its metadata before the clock starts.
                producer.partitionsFor(topics.documents().name());
                long start = System.nanoTime();
                long startMs = System.currentTimeMillis();
                for (DocumentEvent d : crawl) {
                    producer.send(new ProducerRecord<>(topics.documents().name(), d.documentId(), d));
                }
                producer.flush();
                long flushedMs = System.currentTimeMillis() - startMs;
                Set<String> done = new HashSet<>();
                List<IndexOutcome> results = new ArrayList<>();
                List<long[]> arrival = new ArrayList<>(); // forwarded at, read at (ms after the first send)
                long deadline = start + TimeUnit.MINUTES.toNanos(5);
                while (done.size() < crawl.size()) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException(scenario + " timed out");
                    outcomes.poll(Duration.ofMillis(5)).forEach(r -> {
                        if (r.value().status() != OutcomeStatus.INDEXED) {
                            throw new IllegalStateException("not indexed: " + r.value());
                        }
                        done.add(r.key());
                        results.add(r.value());
                        arrival.add(new long[] {r.timestamp() - startMs, System.currentTimeMillis() - startMs});
                    });
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%-10s run %d: %d documents in %.3f s; per document, median ms: "
                        + "cleaning %d, chunking %d, embedding %d, vector upsert %d, bm25 %d, total in batch %d%n",
                        scenario, run + 1, crawl.size(), seconds,
                        medianOf(results, t -> t.cleaningMs()), medianOf(results, t -> t.chunkingMs()),
                        medianOf(results, t -> t.embeddingMs()), medianOf(results, t -> t.vectorUpsertMs()),
                        medianOf(results, t -> t.bm25Ms()), medianOf(results, t -> t.totalMs()));
                System.out.printf(Locale.ROOT, "           all sent and acknowledged at %d ms; outcomes forwarded at "
                        + "ms (first/median/last): %s; read at ms: %s%n", flushedMs, spread(arrival, 0),
                        spread(arrival, 1));
                streams.close(Duration.ofSeconds(30));
                return seconds;
            } finally {
                embedder.close();
                executor.shutdownNow();
            }
        }
    }

    private static void awaitRunning(KafkaStreams streams) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("streams not RUNNING: " + streams.state());
            Thread.onSpinWait();
        }
    }

    /** 50 pages of about 5 KB of markdown each: a heading, sections and paragraphs of plain prose. */
    static List<DocumentEvent> crawl() {
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
            docs.add(DocumentEvent.builder("https://docs.example.com/crawl/" + i).title("Page " + i)
                    .markdown(md.toString()).build());
        }
        return docs;
    }

    private static long medianOf(List<IndexOutcome> outcomes,
            java.util.function.ToLongFunction<dev.sluice.schemas.StageTimings> stage) {
        long[] values = outcomes.stream().mapToLong(o -> stage.applyAsLong(o.timings())).sorted().toArray();
        return values.length == 0 ? 0 : values[values.length / 2];
    }

    private static String spread(List<long[]> points, int index) {
        long[] v = points.stream().mapToLong(p -> p[index]).sorted().toArray();
        return v[0] + "/" + v[v.length / 2] + "/" + v[v.length - 1];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
