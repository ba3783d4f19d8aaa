package dev.sluice.benchmarks;

import dev.sluice.embedded.EmbeddedKafka;
import dev.sluice.processor.chunk.ChunkingConfig;
import dev.sluice.processor.chunk.ModelTokenCounter;
import dev.sluice.processor.chunk.StructureAwareChunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.processor.index.lucene.LuceneKeywordIndexConfig;
import dev.sluice.processor.index.qdrant.QdrantConfig;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.processor.topology.BatchIds;
import dev.sluice.processor.topology.BatchingConfig;
import dev.sluice.processor.topology.LocalPartitions;
import dev.sluice.processor.topology.LuceneTargetsFactory;
import dev.sluice.processor.topology.MetricsSink;
import dev.sluice.processor.topology.SluiceTopology;
import dev.sluice.processor.topology.StreamsSettings;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import tools.jackson.databind.JsonNode;

/**
 * One configuration of the whole pipeline for the latency-model benchmarks: the real ingest gateway (HTTP) in front of
 * {@code instances} processor instances (the real topology, one Kafka Streams application id, each with its own state
 * directory, embedder, Qdrant client and metrics writer) on its own topics of the shared in-JVM broker. Long-lived:
 * {@link #run} measures one workload at a time on warm instances.
 */
final class BenchPipeline implements AutoCloseable {
    /** Partitions of the documents topic: enough for three instances with two stream threads each. */
    static final int PARTITIONS = 12;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<KafkaStreams> instances = new ArrayList<>();
    private final GatewayServer gateway;
    private final KafkaConsumer<String, IndexOutcome> outcomes;
    /** Open keep-alive connections to the gateway, the most recently used first. */
    private final Deque<Http1Connection> connections = new ConcurrentLinkedDeque<>();
    private final ExecutorService posters = Executors.newVirtualThreadPerTaskExecutor();

    BenchPipeline(String name, EmbeddedKafka kafka, Path work, LatencyModel model, Profile profile,
            BatchingConfig batching, Map<String, String> streamsOverrides, int count, ModelTokenCounter tokens)
            throws Exception {
        Topics topics = Topics.withNames(Map.of("documents", "bench.documents-" + name,
                "outcomes", "bench.outcomes-" + name, "dlq", "bench.dlq-" + name));
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.documents().name(), PARTITIONS, (short) 1),
                    new NewTopic(topics.outcomes().name(), 1, (short) 1),
                    new NewTopic(topics.deadLetters().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try {
            for (int i = 0; i < count; i++) {
                instances.add(startInstance(name, i, kafka, work, model, profile, batching, streamsOverrides,
                        topics, tokens));
            }
            awaitAssigned(Duration.ofMinutes(2));
            outcomes = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                    "isolation.level", "read_committed"), new StringDeserializer(),
                    topics.outcomes().valueSerde().deserializer());
            resources.add(outcomes);
            TopicPartition out = new TopicPartition(topics.outcomes().name(), 0);
            outcomes.assign(List.of(out));
            outcomes.seekToBeginning(List.of(out));
            outcomes.poll(Duration.ZERO);
            gateway = new GatewayServer(kafka.bootstrapServers(), topics.documents().name());
            resources.add(gateway);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private KafkaStreams startInstance(String name, int index, EmbeddedKafka kafka, Path work, LatencyModel model,
            Profile profile, BatchingConfig batching, Map<String, String> streamsOverrides, Topics topics,
            ModelTokenCounter tokens) {
        Embedder embedder = profile.embedder(model.teiUrl());
        resources.add(embedder);
        VectorStore vectors = profile.vectorStore(QdrantConfig.forUrl(model.qdrantUrl(), embedder.dimension())
                .withCollection("bench_" + name.replace('-', '_')));
        resources.add(vectors);
        BatchIndexer indexer = new BatchIndexer(new StructuredTextCleaner(),
                new StructureAwareChunker(ChunkingConfig.defaults(), tokens), embedder,
                profile.indexing(),
                Clock.systemUTC());
        resources.add(indexer);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        resources.add(executor::shutdownNow);
        MetricsSink metrics = model.newMetricsSink();
        var topology = SluiceTopology.build(topics, batching, indexer,
                new LuceneTargetsFactory(vectors, embedder.dimension(), embedder.modelId(),
                        LuceneKeywordIndexConfig.defaults(), new LocalPartitions()),
                profile.limiter(), executor, metrics);
        Map<String, String> overrides = new HashMap<>();
        overrides.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        overrides.putAll(streamsOverrides);
        StreamsSettings settings = new StreamsSettings("bench-" + name, kafka.bootstrapServers(),
                work.resolve("state-" + name + "-" + index), StreamsConfig.EXACTLY_ONCE_V2, 2, "", overrides);
        KafkaStreams streams = new KafkaStreams(topology, settings.toProperties());
        resources.add(() -> streams.close(Duration.ofSeconds(30)));
        streams.start();
        return streams;
    }

    /** Waits until every instance is RUNNING and every partition of the documents topic has an active task. */
    private void awaitAssigned(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean running = instances.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING);
            int tasks = running ? instances.stream().mapToInt(s -> s.metadataForLocalThreads().stream()
                    .mapToInt((ThreadMetadata t) -> t.activeTasks().size()).sum()).sum() : 0;
            boolean everyInstanceWorks = running && instances.stream().allMatch(s -> s.metadataForLocalThreads()
                    .stream().mapToInt(t -> t.activeTasks().size()).sum() > 0);
            if (tasks == PARTITIONS && everyInstanceWorks) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("processor instances not running with all " + PARTITIONS
                        + " partitions assigned after " + timeout + ": states " + instances.stream()
                        .map(KafkaStreams::state).toList() + ", " + tasks + " tasks");
            }
            Thread.sleep(50); // a CLI waiting for a cluster, not a test
        }
    }

    /**
     * Posts every page at once, each as its own request (as a crawler's webhooks arrive), and waits until every
     * accepted document's outcome is readable on the outcomes topic, or {@code timeout} has passed: documents without
     * an outcome by then are counted as missing.
     */
    RunResult run(List<Workload.Page> pages, Duration timeout) throws InterruptedException {
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        AtomicReference<String> failure = new AtomicReference<>();
        Map<String, Long> read = new HashMap<>();
        Map<String, Long> readAtMillis = new HashMap<>();
        Map<String, IndexOutcome> outcomeById = new HashMap<>();
        long start = System.nanoTime();
        for (Workload.Page page : pages) {
            posters.execute(() -> post(page, accepted, failure));
        }
        long deadline = start + timeout.toNanos();
        while (failure.get() == null && (accepted.size() < pages.size()
                || !outcomeById.keySet().containsAll(accepted.keySet())) && System.nanoTime() < deadline) {
            outcomes.poll(Duration.ofMillis(5)).forEach(r -> {
                if (!outcomeById.containsKey(r.key())) {
                    read.put(r.key(), System.nanoTime());
                    readAtMillis.put(r.key(), System.currentTimeMillis());
                    outcomeById.put(r.key(), r.value());
                }
            });
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        long end = System.nanoTime();
        List<Double> latencies = new ArrayList<>();
        List<Double> indexing = new ArrayList<>();
        List<Double> publishing = new ArrayList<>();
        Map<String, Integer> batches = new HashMap<>();
        int indexed = 0;
        int unchanged = 0;
        int failed = 0;
        long chunks = 0;
        for (Map.Entry<String, Long> e : accepted.entrySet()) {
            IndexOutcome outcome = outcomeById.get(e.getKey());
            if (outcome == null) {
                continue; // missing: counted below
            }
            latencies.add((read.get(e.getKey()) - e.getValue()) / 1e6);
            indexing.add((double) outcome.timings().totalMs());
            publishing.add((double) (readAtMillis.get(e.getKey()) - outcome.processedAt().toEpochMilli()));
            switch (outcome.status()) {
                case INDEXED -> indexed++;
                case UNCHANGED -> unchanged++;
                default -> failed++; // FAILED, or DELETED for a document that was posted, not deleted
            }
            chunks += outcome.chunkCount();
            batches.merge(outcome.batchId() == null ? "?" : outcome.batchId(), 1, Integer::sum);
        }
        int missing = pages.size() - indexed - unchanged - failed;
        long lastAccepted = accepted.values().stream().mapToLong(Long::longValue).max().orElse(start);
        return new RunResult(pages.size(), new ScenarioResult.Outcomes(indexed, unchanged, failed, missing, chunks),
                (end - start) / 1e9, (lastAccepted - start) / 1e9, latencies, Percentiles.of(indexing, 50),
                Percentiles.of(publishing, 50), batches.values().stream().sorted().toList(),
                documentsPerInstance(batches));
    }

    /**
     * Documents indexed by each instance, from the partitions in the batch ids and the instances' tasks. The keys'
     * hashes do not share a run's documents out evenly, and a run lasts as long as its busiest instance.
     */
    private List<Integer> documentsPerInstance(Map<String, Integer> documentsByBatch) {
        Map<Integer, Integer> instanceOfPartition = new HashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            for (ThreadMetadata thread : instances.get(i).metadataForLocalThreads()) {
                for (var task : thread.activeTasks()) {
                    instanceOfPartition.put(task.taskId().partition(), i);
                }
            }
        }
        int[] counts = new int[instances.size()];
        documentsByBatch.forEach((batchId, documents) -> BatchIds.partitionOf(batchId).ifPresent(partition -> {
            Integer instance = instanceOfPartition.get(partition);
            if (instance != null) {
                counts[instance] += documents;
            }
        }));
        return Arrays.stream(counts).boxed().toList();
    }

    private void post(Workload.Page page, Map<String, Long> accepted, AtomicReference<String> failure) {
        Http1Connection connection = null;
        try {
            while ((connection = connections.pollFirst()) != null && !connection.reusable()) {
                connection.close();
            }
            if (connection == null) {
                connection = new Http1Connection(gateway.documentsUri());
            }
            Http1Connection.Response response = connection.exchange(Http1Connection.jsonPost(gateway.documentsUri(),
                    GatewayServer.API_SECRET, page.body()));
            long at = System.nanoTime();
            if (connection.reusable()) {
                connections.offerFirst(connection);
            } else {
                connection.close();
            }
            connection = null;
            if (response.status() != 202) {
                failure.compareAndSet(null, "gateway answered " + response.status() + " for " + page.url());
                return;
            }
            JsonNode ids = Json.mapper().readTree(response.body()).get("documentIds");
            accepted.put(ids.get(0).asString(), at);
        } catch (Exception e) {
            if (connection != null) {
                connection.close();
            }
            failure.compareAndSet(null, "posting " + page.url() + " failed: " + e);
        }
    }

    /**
     * One measured workload.
     *
     * @param documents  documents posted
     * @param outcomes   the documents by outcome (missing: accepted, no outcome within the time limit)
     * @param seconds    from the first request until the last outcome was read (or the time limit)
     * @param acceptedSeconds from the first request until the last 202 (the posting's share of {@code seconds})
     * @param latencyMs  per document: from its 202 until its outcome was read, ms
     * @param indexingMs median of the documents' own indexing time (cleaning to BM25, from their outcomes), ms
     * @param publishingMs median time from a document's outcome being decided until it was read (the commit that
     *                   publishes it, and the read_committed consumer), ms
     * @param batchSizes documents per batch (from the outcomes' batch ids), ascending
     * @param documentsPerInstance documents indexed by each processor instance
     */
    record RunResult(int documents, ScenarioResult.Outcomes outcomes, double seconds, double acceptedSeconds,
            List<Double> latencyMs, double indexingMs, double publishingMs, List<Integer> batchSizes,
            List<Integer> documentsPerInstance) {}

    @Override
    public void close() {
        posters.shutdownNow();
        connections.forEach(Http1Connection::close);
        // outcome reader and gateway first, then instances (their streams before their indexers and clients)
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        resources.clear();
    }
}
