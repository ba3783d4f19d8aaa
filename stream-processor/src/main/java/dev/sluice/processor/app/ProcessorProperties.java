package dev.sluice.processor.app;

import dev.sluice.processor.engine.IndexingConfig;
import dev.sluice.processor.engine.RetryPolicy;
import dev.sluice.processor.index.coalesce.UpsertCoalescingConfig;
import dev.sluice.processor.topology.BatchingConfig;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.processor.topology.StreamsSettings;
import dev.sluice.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the stream processor, under the prefix {@code sluice}. Each can also be set from the environment
 * (Spring Boot's relaxed binding: {@code sluice.batch.max-documents} ↔ {@code SLUICE_BATCH_MAXDOCUMENTS}); the old
 * worker's names ({@code WEBHOOK_WORKER_BATCH_SIZE}, {@code WEBHOOK_INDEXING_JOB_TIMEOUT}, {@code WEBHOOK_TEI_URL},
 * {@code WEBHOOK_QDRANT_URL}) are mapped in {@code application.yml}. Bad values fail at start-up with a message naming
 * the key.
 *
 * @param topics   topic names
 * @param kafka    the Kafka Streams application
 * @param batch    batching rules
 * @param indexing concurrency and retries of indexing
 * @param metrics  PostgreSQL metrics (the connection itself is {@code sluice.jdbc-url}, {@code sluice.jdbc-user},
 *                 {@code sluice.jdbc-password}, read where it is used so that it never appears in this record)
 */
@ConfigurationProperties("sluice")
public record ProcessorProperties(
        @DefaultValue TopicNames topics,
        @DefaultValue Kafka kafka,
        @DefaultValue Batch batch,
        @DefaultValue Indexing indexing,
        @DefaultValue Chunk chunk,
        @DefaultValue Embedding embedding,
        @DefaultValue Qdrant qdrant,
        @DefaultValue Search search,
        @DefaultValue Metrics metrics) {

    /**
     * @param bufferRows     metrics rows kept while PostgreSQL is slow or away; beyond that rows are dropped and
     *                       counted (env {@code METRICS_BUFFER_ROWS}, default 100,000)
     * @param batchRows      rows per insert transaction (default 500), sent as INSERTs of up to 128 rows each
     * @param retentionDays  rows older than this are deleted daily (env {@code METRICS_RETENTION_DAYS}, default 90)
     * @param poolSize       PostgreSQL connections at most (default 4)
     * @param connectTimeout how long getting a connection may take before a write counts as failed and is retried
     *                       (default 3 s)
     * @param crawlTracking  whether this instance keeps {@code webhook.crawl_sessions} up to date (default true)
     */
    public record Metrics(
            @DefaultValue("100000") int bufferRows,
            @DefaultValue("500") int batchRows,
            @DefaultValue("90") int retentionDays,
            @DefaultValue("4") int poolSize,
            @DefaultValue("3s") Duration connectTimeout,
            @DefaultValue("true") boolean crawlTracking) {

        /** The store's settings on {@code jdbcUrl}; checked there, with messages naming the keys. */
        public dev.sluice.metrics.MetricsStoreConfig toConfig(String jdbcUrl, String user, String password) {
            return new dev.sluice.metrics.MetricsStoreConfig(jdbcUrl, user, password, bufferRows, batchRows,
                    retentionDays, poolSize, connectTimeout);
        }
    }

    /**
     * @param maxTokens     largest chunk, in the embedding model's tokens
     * @param overlapTokens tokens repeated from the end of a chunk at the start of the next one of the same section
     */
    public record Chunk(@DefaultValue("254") int maxTokens, @DefaultValue("50") int overlapTokens) {}

    /**
     * @param teiUrl                TEI base URL (env {@code WEBHOOK_TEI_URL}); empty: the in-process MiniLM model
     * @param teiToken              bearer token for TEI, if it needs one
     * @param maxBatchSize          texts per embedding request (TEI's {@code --max-client-batch-size})
     * @param maxRequestBytes       bytes per embedding request (TEI's payload limit)
     * @param maxConcurrentRequests embedding requests in flight (default 16; TEI accepts 512 and batches them itself)
     * @param requestTimeout        one embedding request's timeout
     */
    public record Embedding(
            @DefaultValue("") String teiUrl,
            @DefaultValue("") String teiToken,
            @DefaultValue("32") int maxBatchSize,
            @DefaultValue("2MB") DataSize maxRequestBytes,
            @DefaultValue("16") int maxConcurrentRequests,
            @DefaultValue("30s") Duration requestTimeout) {}

    /**
     * @param url        Qdrant gRPC URL, e.g. {@code http://qdrant:6334} (env {@code WEBHOOK_QDRANT_URL}); empty: a
     *                   Lucene HNSW index per partition
     * @param apiKey     Qdrant API key, if any
     * @param collection collection name
     * @param waitForWrites whether upserts wait until applied
     * @param upsert     how documents' vectors are written: many documents per request
     */
    public record Qdrant(
            @DefaultValue("") String url,
            @DefaultValue("") String apiKey,
            @DefaultValue("sluice_chunks") String collection,
            @DefaultValue("true") boolean waitForWrites,
            @DefaultValue QdrantUpsert upsert) {}

    /**
     * The documents being indexed at once write their vectors together: their points share upsert requests, and their
     * stale chunks go in one delete.
     *
     * @param batchSize   most points (chunks) per upsert request, and per write of several documents (a larger
     *                    document is written alone, in several requests)
     * @param linger      how long a write that is not full waits for more documents
     * @param maxInFlight writes to Qdrant at once; more documents wait and join the next write
     */
    public record QdrantUpsert(
            @DefaultValue("256") int batchSize,
            @DefaultValue("5ms") Duration linger,
            @DefaultValue("8") int maxInFlight) {

        public UpsertCoalescingConfig toConfig() {
            return new UpsertCoalescingConfig(batchSize, maxInFlight, linger);
        }
    }

    /**
     * @param rrfK           Reciprocal Rank Fusion constant
     * @param instanceTimeout how long a search waits for another instance
     */
    public record Search(@DefaultValue("60") int rrfK, @DefaultValue("5s") Duration instanceTimeout) {}

    /**
     * @param documents   input topic of documents
     * @param outcomes    output topic of outcomes
     * @param dlq         dead-letter topic
     * @param crawlEvents crawl lifecycle topic
     */
    public record TopicNames(
            @DefaultValue(Topics.DOCUMENTS) String documents,
            @DefaultValue(Topics.OUTCOMES) String outcomes,
            @DefaultValue(Topics.DEAD_LETTERS) String dlq,
            @DefaultValue(Topics.CRAWL_EVENTS) String crawlEvents) {

        public Topics toTopics() {
            return Topics.withNames(Map.of("documents", documents, "outcomes", outcomes, "dlq", dlq,
                    "crawl-events", crawlEvents));
        }
    }

    /**
     * @param bootstrapServers   Kafka brokers, {@code host:port,...}
     * @param applicationId      Kafka Streams application id: all instances of one pipeline share it
     * @param stateDir           directory of state stores and per-partition indexes
     * @param processingGuarantee {@code exactly_once_v2} or {@code at_least_once}
     * @param streamThreads      stream threads of this instance
     * @param streams            any Kafka Streams or client setting, passed through unchanged
     */
    public record Kafka(
            @DefaultValue("localhost:9092") String bootstrapServers,
            @DefaultValue("sluice-processor") String applicationId,
            @DefaultValue("./work/processor") Path stateDir,
            @DefaultValue("exactly_once_v2") String processingGuarantee,
            @DefaultValue("2") int streamThreads,
            @DefaultValue Map<String, String> streams) {

        public StreamsSettings toSettings(String applicationServer) {
            return new StreamsSettings(applicationId, bootstrapServers, stateDir, processingGuarantee, streamThreads,
                    applicationServer, streams);
        }
    }

    /**
     * @param maxDocuments        flush a partition's buffer at this many documents (env
     *                            {@code WEBHOOK_WORKER_BATCH_SIZE}), or earlier by bytes or linger
     * @param maxBytes            flush a partition's buffer at this many bytes, or earlier by count or linger
     * @param linger              flush a partition's buffer when its oldest document has waited this long
     * @param idle                flush what waits once no document has reached the instance for this long (the end
     *                            of a burst does not wait out the linger; at or above the linger: no effect)
     * @param bufferMaxDocuments  documents a task holds before it stops reading input
     * @param closeTimeout        how long a closing task waits for its batches in flight
     * @param commitDelay         how long finished outcomes may wait for batches that started about as early, so
     *                            that one commit publishes them all (group commit; 0: commit at once)
     */
    public record Batch(
            @DefaultValue("16") int maxDocuments,
            @DefaultValue("8MB") DataSize maxBytes,
            @DefaultValue("100ms") Duration linger,
            @DefaultValue("10ms") Duration idle,
            @DefaultValue("10000") int bufferMaxDocuments,
            @DefaultValue("10s") Duration closeTimeout,
            @DefaultValue("20ms") Duration commitDelay) {

        public BatchingConfig toConfig() {
            return new BatchingConfig(maxDocuments, maxBytes.toBytes(), linger, idle, bufferMaxDocuments,
                    closeTimeout, commitDelay);
        }
    }

    /**
     * @param maxInflightDocuments   documents being indexed at once by this instance (backpressure above)
     * @param maxInflightBytes       bytes of documents being indexed at once by this instance
     * @param maxConcurrentDocuments documents indexed in parallel (each mostly waits on I/O)
     * @param maxAttempts            attempts per document before it is FAILED (retriable errors only)
     * @param retryInitial           first backoff, doubled per attempt, with full jitter
     * @param retryMax               longest backoff
     * @param documentTimeout        a document's whole budget, retries included (env
     *                               {@code WEBHOOK_INDEXING_JOB_TIMEOUT}, in seconds there)
     * @param outageTimeout          how long a document waits in all for an embedding service or vector store
     *                               that is down for every caller or throttling, before it is FAILED; such waits
     *                               use up neither attempts nor the document timeout
     */
    public record Indexing(
            @DefaultValue("256") int maxInflightDocuments,
            @DefaultValue("64MB") DataSize maxInflightBytes,
            @DefaultValue("64") int maxConcurrentDocuments,
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("200ms") Duration retryInitial,
            @DefaultValue("5s") Duration retryMax,
            @DefaultValue("300s") Duration documentTimeout,
            @DefaultValue("1h") Duration outageTimeout) {

        public IndexingConfig toConfig() {
            return new IndexingConfig(maxConcurrentDocuments,
                    new RetryPolicy(maxAttempts, retryInitial, retryMax, documentTimeout, outageTimeout));
        }

        public InflightLimiter toLimiter() {
            return new InflightLimiter(maxInflightDocuments, maxInflightBytes.toBytes());
        }
    }
}
