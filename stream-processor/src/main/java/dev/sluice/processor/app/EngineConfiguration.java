package dev.sluice.processor.app;

import dev.sluice.processor.chunk.ChunkingConfig;
import dev.sluice.processor.chunk.ModelTokenCounter;
import dev.sluice.processor.chunk.StructureAwareChunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.embed.coalesce.CoalescingConfig;
import dev.sluice.processor.embed.coalesce.CoalescingEmbedder;
import dev.sluice.processor.embed.onnx.OnnxEmbedder;
import dev.sluice.processor.embed.tei.TeiConfig;
import dev.sluice.processor.embed.tei.TeiEmbedder;
import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.processor.index.coalesce.CoalescingVectorStore;
import dev.sluice.processor.index.coalesce.UpsertCoalescingConfig;
import dev.sluice.processor.index.lucene.LuceneKeywordIndexConfig;
import dev.sluice.processor.index.qdrant.QdrantConfig;
import dev.sluice.processor.index.qdrant.QdrantVectorStore;
import dev.sluice.processor.search.CandidateSource;
import dev.sluice.processor.search.ClusterSearch;
import dev.sluice.processor.search.HybridSearchConfig;
import dev.sluice.processor.search.RemoteCandidates;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.processor.topology.LocalPartitions;
import dev.sluice.processor.topology.LuceneTargetsFactory;
import dev.sluice.processor.topology.MetricsSink;
import dev.sluice.processor.topology.SluiceTopology;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.Topology;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the indexing engine, the topology and search from {@link ProcessorProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessorProperties.class)
public class EngineConfiguration {

    /** The shared vector store when Qdrant is configured; empty for per-partition Lucene HNSW. */
    public record SharedVectors(Optional<VectorStore> store) implements AutoCloseable {
        @Override
        public void close() {
            store.ifPresent(VectorStore::close);
        }
    }

    @Bean(destroyMethod = "close")
    ModelTokenCounter tokenCounter() {
        return new ModelTokenCounter();
    }

    @Bean(destroyMethod = "close")
    Embedder embedder(ProcessorProperties properties) {
        ProcessorProperties.Embedding e = properties.embedding();
        Embedder base;
        if (e.teiUrl().isBlank()) {
            base = new OnnxEmbedder();
        } else {
            TeiConfig.Builder tei = TeiConfig.builder(URI.create(e.teiUrl()))
                    .maxBatchSize(e.maxBatchSize())
                    .maxRequestBytes((int) e.maxRequestBytes().toBytes())
                    .maxConcurrentRequests(e.maxConcurrentRequests())
                    .requestTimeout(e.requestTimeout());
            if (!e.teiToken().isBlank()) {
                tei.bearerToken(e.teiToken());
            }
            base = new TeiEmbedder(tei.build());
        }
        return new CoalescingEmbedder(base, new CoalescingConfig(e.maxBatchSize(), (int) e.maxRequestBytes().toBytes(),
                e.maxConcurrentRequests(), CoalescingConfig.DEFAULT_LINGER));
    }

    @Bean(destroyMethod = "close")
    SharedVectors sharedVectors(ProcessorProperties properties, Embedder embedder) {
        ProcessorProperties.Qdrant q = properties.qdrant();
        if (q.url().isBlank()) {
            return new SharedVectors(Optional.empty());
        }
        UpsertCoalescingConfig coalescing = q.upsert().toConfig(); // checked before connecting
        QdrantConfig config = QdrantConfig.forUrl(q.url(), embedder.dimension()).withCollection(q.collection())
                .withWaitForWrites(q.waitForWrites()).withUpsertBatchSize(q.upsert().batchSize());
        if (!q.apiKey().isBlank()) {
            config = config.withApiKey(q.apiKey());
        }
        // One write for the documents indexed at once instead of an upsert and a delete for each.
        return new SharedVectors(Optional.of(new CoalescingVectorStore(QdrantVectorStore.open(config), coalescing)));
    }

    @Bean
    LocalPartitions localPartitions() {
        return new LocalPartitions();
    }

    @Bean
    InflightLimiter inflightLimiter(ProcessorProperties properties) {
        return properties.indexing().toLimiter();
    }

    @Bean(destroyMethod = "close")
    BatchIndexer batchIndexer(ProcessorProperties properties, ModelTokenCounter tokens, Embedder embedder) {
        ProcessorProperties.Chunk chunk = properties.chunk();
        return new BatchIndexer(new StructuredTextCleaner(),
                new StructureAwareChunker(new ChunkingConfig(chunk.maxTokens(), chunk.overlapTokens()), tokens),
                embedder, properties.indexing().toConfig(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService batchExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sluice-batch-", 0).factory());
    }

    @Bean
    Topology topology(ProcessorProperties properties, BatchIndexer indexer, SharedVectors shared,
            Embedder embedder, LocalPartitions partitions, InflightLimiter limiter, ExecutorService batchExecutor,
            MetricsSink metricsSink) {
        LuceneTargetsFactory targets = new LuceneTargetsFactory(shared.store().orElse(null), embedder.dimension(),
                embedder.modelId(), LuceneKeywordIndexConfig.defaults(), partitions);
        return SluiceTopology.build(properties.topics().toTopics(), properties.batch().toConfig(), indexer, targets,
                limiter, batchExecutor, metricsSink);
    }

    /** {@code host:port} at which other instances reach this one (Kafka Streams' {@code application.server}). */
    private static String advertised(String advertisedHost, int port) {
        String host = advertisedHost.isBlank() ? InetAddress.getLoopbackAddress().getHostAddress() : advertisedHost;
        return host + ":" + port;
    }

    @Bean
    StreamsRunner streamsRunner(ProcessorProperties properties, Topology topology,
            @Value("${sluice.advertised-host:}") String advertisedHost, @Value("${server.port:8081}") int port) {
        return new StreamsRunner(topology, properties.kafka().toSettings(advertised(advertisedHost, port))
                .toProperties(), properties.batch().closeTimeout().plusSeconds(20));
    }

    @Bean
    ClusterSearch clusterSearch(ProcessorProperties properties, LocalPartitions partitions, SharedVectors shared,
            Embedder embedder, StreamsRunner runner, @Value("${sluice.advertised-host:}") String advertisedHost,
            @Value("${server.port:8081}") int port, @Value("${sluice.api-secret:}") String apiSecret) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.search().instanceTimeout()).build();
        String self = advertised(advertisedHost, port);
        HybridSearchConfig d = HybridSearchConfig.defaults();
        HybridSearchConfig config = new HybridSearchConfig(properties.search().rrfK(), d.minCandidates(),
                d.candidatesPerResult(), d.snippetMaxChars());
        return new ClusterSearch(partitions, shared.store().orElse(null), embedder, config, () -> {
            KafkaStreams streams = runner.streams();
            List<CandidateSource> others = new ArrayList<>();
            if (streams == null) {
                return others;
            }
            for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
                String hostPort = m.hostInfo().host() + ":" + m.hostInfo().port();
                if (!hostPort.equals(self) && m.hostInfo().port() > 0) {
                    others.add(new RemoteCandidates(http, hostPort, properties.search().instanceTimeout(), apiSecret));
                }
            }
            return others;
        });
    }
}
