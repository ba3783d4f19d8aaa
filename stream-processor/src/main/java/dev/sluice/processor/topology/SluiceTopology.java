package dev.sluice.processor.topology;

import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.DocumentState;
import dev.sluice.schemas.JsonSerde;
import dev.sluice.schemas.Topics;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Sluice's topology: {@code sluice.documents} → batching processor (with its stores) → {@code sluice.outcomes}
 * and {@code sluice.dlq}. A pure function of its arguments, used the same way by the application and the tests; it
 * creates no client.
 *
 * <p>Values are read as bytes and parsed by the processor, so that a record that cannot be parsed becomes a dead
 * letter with its original bytes instead of stopping the partition.
 */
public final class SluiceTopology {
    public static final String SOURCE = "documents-source";
    public static final String PROCESSOR = "batching-indexer";
    public static final String OUTCOMES_SINK = "outcomes-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private SluiceTopology() {}

    /**
     * @param topics         the topic registry
     * @param batching       batching rules
     * @param indexer        the indexing engine
     * @param targetsFactory opens each partition's indexes
     * @param limiter        in-flight budget shared by all tasks of the instance
     * @param executor       where batches wait for the indexer (virtual threads), off the stream threads
     */
    public static Topology build(Topics topics, BatchingConfig batching, BatchIndexer indexer,
            TargetsFactory targetsFactory, InflightLimiter limiter, Executor executor) {
        return build(topics, batching, indexer, targetsFactory, limiter, executor, MetricsSink.NONE);
    }

    /**
     * As {@link #build(Topics, BatchingConfig, BatchIndexer, TargetsFactory, InflightLimiter, Executor)}, reporting
     * every batch and every unreadable record to {@code metrics} (on the stream thread: it must not block).
     */
    public static Topology build(Topics topics, BatchingConfig batching, BatchIndexer indexer,
            TargetsFactory targetsFactory, InflightLimiter limiter, Executor executor, MetricsSink metrics) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.documents().name());
        topology.addProcessor(PROCESSOR, new Supplier(batching, indexer, targetsFactory, limiter, executor,
                java.util.Objects.requireNonNull(metrics, "metrics"), new LingerClock()), SOURCE);
        topology.addSink(OUTCOMES_SINK, topics.outcomes().name(), new StringSerializer(),
                topics.outcomes().valueSerde().serializer(), PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters().name(), new ByteArraySerializer(),
                new ByteArraySerializer(), PROCESSOR);
        return topology;
    }

    private record Supplier(BatchingConfig batching, BatchIndexer indexer, TargetsFactory targetsFactory,
            InflightLimiter limiter, Executor executor, MetricsSink metrics, LingerClock lingerClock)
            implements ProcessorSupplier<String, byte[], Object, Object> {

        @Override
        public Processor<String, byte[], Object, Object> get() {
            return new BatchingProcessor(batching, indexer, targetsFactory, limiter, executor, metrics, lingerClock);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.BUFFER),
                            Serdes.String(), StoreSerdes.bufferedRecords()),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DOCUMENTS),
                            Serdes.String(), JsonSerde.of(DocumentState.class)),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CHUNKS),
                            Serdes.String(), StoreSerdes.chunks()),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.META),
                            Serdes.String(), Serdes.Long()));
        }
    }
}
