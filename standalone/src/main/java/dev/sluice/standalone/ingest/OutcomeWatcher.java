package dev.sluice.standalone.ingest;

import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the outcomes topic for the documents of one ingest. It starts at the end of every partition <em>before</em>
 * the first document is posted, so every outcome it sees is of a version posted after it started; it reads only
 * committed records (the processor writes outcomes in transactions). Each expected document id is counted down once
 * per outcome (a file posted twice waits for two). Outcomes that arrive before their id is registered (the processor
 * can be faster than the gateway's answer) are kept for a while. No consumer group: nothing is committed.
 */
public final class OutcomeWatcher implements AutoCloseable {
    private static final int MAX_EARLY = 100_000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, IndexOutcome> topic;
    private final Consumer<IndexOutcome> listener;
    private final Map<String, Integer> expected = new HashMap<>();
    private final Map<String, List<IndexOutcome>> early = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<IndexOutcome>> eldest) {
            return size() > MAX_EARLY;
        }
    };
    private final Thread poller;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private int outstanding;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    /**
     * Connects and positions at the end of the topic; fails when Kafka cannot be reached within {@code timeout}.
     *
     * @param listener called once per expected outcome, on the watcher's thread
     */
    public OutcomeWatcher(String bootstrapServers, Topic<String, IndexOutcome> topic, Duration timeout,
            Consumer<IndexOutcome> listener) {
        this.topic = topic;
        this.listener = listener;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-ingest-" + ProcessHandle.current().pid());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic.name() + " does not exist on Kafka at "
                        + bootstrapServers);
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            for (TopicPartition tp : partitions) {
                consumer.position(tp, timeout); // fixes the start now, before anything is posted
            }
        } catch (KafkaException | IllegalStateException e) {
            consumer.close(Duration.ZERO);
            throw new IllegalStateException("cannot read outcomes from Kafka at " + bootstrapServers + " ("
                    + e.getMessage() + "); give --bootstrap-servers, or --no-wait to post without waiting", e);
        }
        poller = Thread.ofPlatform().daemon(true).name("sluice-outcomes").start(this::pollLoop);
    }

    /** Expects one more outcome for {@code documentId}. */
    public void expect(String documentId) {
        List<IndexOutcome> ready;
        synchronized (this) {
            outstanding++;
            expected.merge(documentId, 1, Integer::sum);
            ready = early.remove(documentId);
        }
        if (ready != null) {
            ready.forEach(this::offer);
        }
    }

    /** Outcomes still awaited. */
    public synchronized int outstanding() {
        return outstanding;
    }

    /**
     * Waits until every expected outcome arrived or {@code timeout} passed; returns the number still missing.
     *
     * @throws IllegalStateException when reading the topic failed
     */
    public int await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (outstanding > 0 && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (failure != null) {
                throw failure;
            }
            return outstanding;
        }
    }

    private void pollLoop() {
        try {
            while (!closing) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null || r.value() == null) {
                        continue;
                    }
                    IndexOutcome outcome;
                    try {
                        outcome = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    } catch (SerializationException e) {
                        continue; // not ours to judge: the processor's own tests guard the format
                    }
                    offer(outcome);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = new IllegalStateException("reading outcomes failed: " + e, e);
                notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
            stopped.countDown();
        }
    }

    private void offer(IndexOutcome outcome) {
        boolean wanted;
        synchronized (this) {
            Integer n = expected.get(outcome.documentId());
            wanted = n != null;
            if (wanted) {
                if (n == 1) {
                    expected.remove(outcome.documentId());
                } else {
                    expected.put(outcome.documentId(), n - 1);
                }
            } else {
                early.computeIfAbsent(outcome.documentId(), k -> new ArrayList<>(1)).add(outcome);
            }
        }
        if (wanted) {
            // counted only once the listener has it, so that await() returning means every outcome was delivered
            try {
                listener.accept(outcome);
            } finally {
                synchronized (this) {
                    outstanding--;
                    notifyAll();
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
