package dev.sluice.gateway.publish;

import dev.sluice.schemas.DeadLetterHeaders;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the outcome of a document record the gateway wrote ({@code wait=searchable}). One consumer per gateway
 * reads the outcomes topic {@code read_committed} — an outcome is committed only after its document's index writes,
 * so a committed outcome means the document can be found — without a group, from the end at the moment it started.
 * The processor stamps each outcome with its document record's topic, partition and offset
 * ({@code sluice.source.*} headers), so an outcome is matched to exactly the version written, never to an older one
 * of the same id.
 *
 * <p>Started by the first wait ({@link #ready}), which returns once the consumer's positions are fixed: any record
 * written after that has its outcome read. An outcome read before its waiter registered (the processor was quicker
 * than the producer's acknowledgement) is kept among the last {@value #RECENT} outcomes and found there.
 */
public final class OutcomeWaiter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeWaiter.class);
    static final int RECENT = 10_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Topic<String, IndexOutcome> outcomes;
    private final Supplier<Consumer<String, byte[]>> consumerFactory;
    private final Object lock = new Object();
    private final Map<RecordPosition, CompletableFuture<IndexOutcome>> waiting = new HashMap<>();
    private final Map<RecordPosition, IndexOutcome> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RecordPosition, IndexOutcome> eldest) {
            return size() > RECENT;
        }
    };
    private Consumer<String, byte[]> consumer;
    private Thread poller;
    private CountDownLatch started;
    private volatile boolean closed;

    /** Where a document record was written. */
    public record RecordPosition(String topic, int partition, long offset) {}

    public OutcomeWaiter(Topic<String, IndexOutcome> outcomes, Supplier<Consumer<String, byte[]>> consumerFactory) {
        this.outcomes = outcomes;
        this.consumerFactory = consumerFactory;
    }

    /** A consumer of {@code bootstrapServers} for {@link #OutcomeWaiter(Topic, Supplier)}, plus {@code extra}. */
    public static Supplier<Consumer<String, byte[]>> consumers(String bootstrapServers, Map<String, Object> extra) {
        return () -> {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-gateway-outcomes");
            props.putAll(extra);
            return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        };
    }

    /**
     * Starts the consumer if it is not running, and returns once it reads every outcome committed from now on.
     *
     * @throws StorageUnavailableException when the outcomes topic cannot be read within 10 s
     */
    public void ready() {
        CountDownLatch latch;
        synchronized (lock) {
            if (closed) {
                throw new StorageUnavailableException("the gateway is shutting down", Duration.ofSeconds(1), null);
            }
            if (started == null) {
                started = new CountDownLatch(1);
                consumer = consumerFactory.get();
                poller = Thread.ofPlatform().name("sluice-gateway-outcomes").daemon().start(this::poll);
            }
            latch = started;
        }
        try {
            boolean done = latch.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (lock) {
                if (!done || started != latch) {
                    throw new StorageUnavailableException("the outcomes topic '" + outcomes.name()
                            + "' could not be read within " + START_TIMEOUT.toSeconds() + " s", Duration.ofSeconds(5),
                            null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while starting to read outcomes", Duration.ZERO, e);
        }
    }

    /** The outcome of the record written at {@code position}; completes when it is read. */
    public CompletableFuture<IndexOutcome> outcomeOf(RecordPosition position) {
        synchronized (lock) {
            IndexOutcome known = recent.get(position);
            if (known != null) {
                return CompletableFuture.completedFuture(known);
            }
            return waiting.computeIfAbsent(position, p -> new CompletableFuture<>());
        }
    }

    /** Stops waiting for {@code position} (its request timed out). */
    public void forget(RecordPosition position) {
        synchronized (lock) {
            waiting.remove(position);
        }
    }

    private void poll() {
        Consumer<String, byte[]> consumer;
        synchronized (lock) {
            consumer = this.consumer;
        }
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(outcomes.name(), START_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fixes "the end" now, before any wait relies on it
            synchronized (lock) {
                started.countDown();
            }
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    read(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.warn("Reading the outcomes topic '{}' failed; requests waiting for outcomes answer 202: {}",
                    outcomes.name(), e.toString());
            synchronized (lock) {
                waiting.values().forEach(f -> f.completeExceptionally(e));
                waiting.clear();
                CountDownLatch failed = started;
                started = null; // the next wait starts a new consumer
                failed.countDown();
            }
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        RecordPosition source = sourceOf(record);
        if (source == null || record.value() == null) {
            return; // from a processor that does not stamp its outcomes
        }
        IndexOutcome outcome;
        try {
            outcome = outcomes.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return; // not ours to judge: the outcome's consumers see it
        }
        synchronized (lock) {
            CompletableFuture<IndexOutcome> waiter = waiting.remove(source);
            if (waiter != null) {
                waiter.complete(outcome);
            } else {
                recent.put(source, outcome);
            }
        }
    }

    private static RecordPosition sourceOf(ConsumerRecord<String, byte[]> record) {
        String topic = header(record, DeadLetterHeaders.SOURCE_TOPIC);
        String partition = header(record, DeadLetterHeaders.SOURCE_PARTITION);
        String offset = header(record, DeadLetterHeaders.SOURCE_OFFSET);
        if (topic == null || partition == null || offset == null) {
            return null;
        }
        try {
            return new RecordPosition(topic, Integer.parseInt(partition), Long.parseLong(offset));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        Thread thread;
        synchronized (lock) {
            closed = true;
            thread = poller;
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
