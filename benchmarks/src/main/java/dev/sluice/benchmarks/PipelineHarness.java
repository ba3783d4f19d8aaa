package dev.sluice.benchmarks;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.embedded.FreePorts;
import dev.sluice.processor.chunk.ChunkingConfig;
import dev.sluice.processor.chunk.ModelTokenCounter;
import dev.sluice.processor.chunk.StructureAwareChunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexingConfig;
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
import dev.sluice.schemas.StageTimings;
import dev.sluice.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
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
 * Runs the real topology on an in-JVM broker for the end-to-end benchmarks: each run gets fresh topics and a fresh
 * application id, the documents are produced at once (as the gateway would after a crawl's webhooks), and the clock
 * stops when every document's outcome is readable on the outcomes topic ({@code read_committed}).
 */
final class PipelineHarness implements AutoCloseable {
    private final Path work;
    private final EmbeddedKafka kafka;
    private final ModelTokenCounter tokens = new ModelTokenCounter();
    private int runs;

    PipelineHarness() throws IOException {
        work = Files.createTempDirectory("sluice-pipeline-bench");
        kafka = EmbeddedKafka.onFreePorts(work.resolve("kafka")).start();
    }

    /** How the processor under test is set up. */
    record Setup(Embedder embedder, IndexingConfig indexing, BatchingConfig batching, InflightLimiter limiter,
            int partitions) {}

    /**
     * One measured run.
     *
     * @param seconds   from the first send until the last outcome was read
     * @param sentMs    when the producer had every document acknowledged (ms after the first send)
     * @param forwarded when each outcome was forwarded by the processor (ms after the first send), sorted
     * @param read      when each outcome was read (ms after the first send), sorted
     */
    record Result(double seconds, long sentMs, long[] forwarded, long[] read, List<IndexOutcome> outcomes) {
        long medianStage(ToLongFunction<StageTimings> stage) {
            long[] values = outcomes.stream().mapToLong(o -> stage.applyAsLong(o.timings())).sorted().toArray();
            return values.length == 0 ? 0 : values[values.length / 2];
        }

        String timeline() {
            return "all sent and acknowledged at " + sentMs + " ms; outcomes forwarded at ms (first/median/last): "
                    + spread(forwarded) + "; read at: " + spread(read);
        }

        private static String spread(long[] v) {
            return v[0] + "/" + v[v.length / 2] + "/" + v[v.length - 1];
        }
    }

    /**
     * Starts the processor once; its runs then go to a warm, long-running instance, as in production (a fresh
     * application per run would pay for class loading, JIT and the producer's first metadata fetch of every new
     * changelog topic — which blocked the stream thread for up to 200 ms — in every measurement).
     */
    Running start(String name, Setup setup) throws Exception {
        return new Running(name + "-" + (++runs), setup);
    }

    /** One processor instance on its own topics; {@link #run} measures one crawl. */
    final class Running implements AutoCloseable {
        private final Topics topics;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        private final BatchIndexer indexer;
        private final KafkaStreams streams;
        private final KafkaConsumer<String, IndexOutcome> outcomes;
        private final KafkaProducer<String, DocumentEvent> producer;

        private Running(String suffix, Setup setup) throws Exception {
            topics = Topics.withNames(Map.of("documents", "bench.documents-" + suffix,
                    "outcomes", "bench.outcomes-" + suffix, "dlq", "bench.dlq-" + suffix));
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topics.documents().name(), setup.partitions(), (short) 1),
                        new NewTopic(topics.outcomes().name(), 1, (short) 1),
                        new NewTopic(topics.deadLetters().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            indexer = new BatchIndexer(new StructuredTextCleaner(),
                    new StructureAwareChunker(ChunkingConfig.defaults(), tokens), setup.embedder(), setup.indexing(),
                    Clock.systemUTC());
            var topology = SluiceTopology.build(topics, setup.batching(), indexer,
                    new LuceneTargetsFactory(null, setup.embedder().dimension(), setup.embedder().modelId(),
                            LuceneKeywordIndexConfig.defaults(), new LocalPartitions()),
                    setup.limiter(), executor);
            StreamsSettings settings = new StreamsSettings("bench-" + suffix, kafka.bootstrapServers(),
                    work.resolve("state-" + suffix), StreamsConfig.EXACTLY_ONCE_V2,
                    Integer.getInteger("bench.stream.threads", 2), "",
                    streamsOverrides());
            streams = new KafkaStreams(topology, settings.toProperties());
            outcomes = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                    "isolation.level", "read_committed"), new StringDeserializer(),
                    topics.outcomes().valueSerde().deserializer());
            producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                    "acks", "all", "linger.ms", 0), new StringSerializer(),
                    topics.documents().valueSerde().serializer());
            CountDownLatch running = new CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            streams.start();
            if (!running.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("streams not RUNNING after 60 s: " + streams.state());
            }
            TopicPartition out = new TopicPartition(topics.outcomes().name(), 0);
            outcomes.assign(List.of(out));
            outcomes.seekToBeginning(List.of(out));
            outcomes.poll(Duration.ZERO);
            // The gateway's producer knows the topic already: fetch its metadata before any clock starts.
            producer.partitionsFor(topics.documents().name());
        }

        /** Produces the documents at once and waits for their outcomes; they must be new to this instance. */
        Result run(List<DocumentEvent> documents) {
            Set<String> expected = new HashSet<>();
            documents.forEach(d -> expected.add(d.documentId()));
            long start = System.nanoTime();
            long startMs = System.currentTimeMillis();
            for (DocumentEvent d : documents) {
                producer.send(new ProducerRecord<>(topics.documents().name(), d.documentId(), d));
            }
            producer.flush();
            long sentMs = System.currentTimeMillis() - startMs;
            Set<String> done = new HashSet<>();
            List<IndexOutcome> results = new ArrayList<>();
            List<Long> forwarded = new ArrayList<>();
            List<Long> read = new ArrayList<>();
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while (done.size() < expected.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out with " + done.size() + " outcomes");
                }
                outcomes.poll(Duration.ofMillis(5)).forEach(r -> {
                    if (!expected.contains(r.key())) {
                        return; // a previous run's
                    }
                    if (r.value().status() != OutcomeStatus.INDEXED) {
                        throw new IllegalStateException("not indexed: " + r.value());
                    }
                    if (done.add(r.key())) {
                        results.add(r.value());
                        forwarded.add(r.timestamp() - startMs);
                        read.add(System.currentTimeMillis() - startMs);
                    }
                });
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(seconds, sentMs, sorted(forwarded), sorted(read), results);
        }

        @Override
        public void close() {
            try (indexer; producer; outcomes) {
                streams.close(Duration.ofSeconds(30));
            } finally {
                executor.shutdownNow();
            }
        }
    }

    ModelTokenCounter tokens() {
        return tokens;
    }

    private static long[] sorted(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return v;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * Settings for the processor's Kafka Streams: replication 1 (one broker), plus any {@code bench.streams.<key>}
     * system property or argument as {@code <key>} (e.g. {@code bench.streams.producer.compression.type=none}).
     */
    private static Map<String, String> streamsOverrides() {
        Map<String, String> overrides = new java.util.HashMap<>();
        overrides.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        String prefix = "bench.streams.";
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> overrides.put(k.substring(prefix.length()), System.getProperty(k)));
        return overrides;
    }

    /** Applies {@code key=value} arguments as system properties and returns the first plain number, or the default. */
    static int parseArgs(String[] args, int defaultRuns) {
        int runs = defaultRuns;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                System.setProperty(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                runs = Integer.parseInt(arg);
            }
        }
        return runs;
    }

    @Override
    public void close() throws Exception {
        try (tokens) {
            kafka.close();
        }
    }
}
