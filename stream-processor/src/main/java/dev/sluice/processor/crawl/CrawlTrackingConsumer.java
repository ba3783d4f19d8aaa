package dev.sluice.processor.crawl;

import dev.sluice.metrics.CrawlFact;
import dev.sluice.metrics.CrawlTracker;
import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Topics;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code webhook.crawl_sessions} up to date from three topics: {@code sluice.crawl-events} (lifecycle),
 * {@code sluice.documents} (a page of a job arrived: only its ids are read) and {@code sluice.outcomes} (a page got
 * its outcome).
 *
 * <p>A plain consumer of its own, in group {@code <application id>-crawl-tracker}, rather than part of the Kafka
 * Streams topology: crawl accounting needs no Kafka-side state (PostgreSQL is its state), it must not lose a count
 * (unlike timing rows, which may be dropped), and it must never hold up indexing while PostgreSQL is slow or away.
 * So it commits its offsets only after {@link CrawlTracker#apply} succeeded (at-least-once), and the tracker's
 * idempotent writes make a replay harmless. While PostgreSQL is away it pauses its partitions, keeps polling (so it
 * stays in its group) and retries the same facts with backoff. Outcomes are read {@code read_committed}: only those
 * the processor committed count. Instances share the partitions like the processors do.
 */
public final class CrawlTrackingConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CrawlTrackingConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> consumerConfig;
    private final Topics topics;
    private final CrawlTracker tracker;
    private final Duration maxBackoff;
    private final AtomicLong applied = new AtomicLong();
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param groupId          this tracker's consumer group
     * @param clientSettings   further client settings (security and the like), applied last
     * @param maxBackoff       longest wait between tries while PostgreSQL is away
     */
    public CrawlTrackingConsumer(String bootstrapServers, String groupId, Map<String, ?> clientSettings,
            Topics topics, CrawlTracker tracker, Duration maxBackoff) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        config.putAll(clientSettings);
        this.consumerConfig = config;
        this.topics = topics;
        this.tracker = tracker;
        this.maxBackoff = maxBackoff;
        this.thread = Thread.ofPlatform().daemon().name("sluice-crawl-tracker").unstarted(this::run);
    }

    public CrawlTrackingConsumer start() {
        thread.start();
        return this;
    }

    /** Facts applied so far (a replayed fact counts again). */
    public long applied() {
        return applied.get();
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            Pending pending = new Pending();
            c.subscribe(List.of(topics.crawlEvents().name(), topics.documents().name(), topics.outcomes().name()),
                    new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                            // Not committed: the next owner reads them again, and applying twice is harmless.
                            pending.clear();
                            c.resume(c.paused());
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
                    });
            int failures = 0;
            while (running) {
                if (pending.isEmpty()) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        pending.add(r, fact(r));
                    }
                    if (pending.isEmpty()) {
                        continue;
                    }
                }
                try {
                    tracker.apply(pending.facts);
                    c.commitSync(pending.offsets);
                    applied.addAndGet(pending.facts.size());
                    if (failures > 0) {
                        log.info("Crawl tracking resumed after {} failed tries", failures);
                    }
                    failures = 0;
                    pending.clear();
                    c.resume(c.paused());
                } catch (SQLException e) {
                    failures++;
                    if (failures == 1) {
                        log.warn("Crawl tracking cannot reach PostgreSQL; retrying {} facts with backoff: {}",
                                pending.facts.size(), e.getMessage());
                    }
                    c.pause(c.assignment());
                    long wait = Math.min(maxBackoff.toMillis(), 100L << Math.min(failures, 10));
                    long until = System.nanoTime() + wait * 1_000_000;
                    while (running && System.nanoTime() < until && !pending.isEmpty()) {
                        c.poll(POLL); // paused: returns nothing, keeps the group membership
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            log.error("Crawl tracking stopped by an unexpected error", e);
        }
    }

    private CrawlFact fact(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            if (r.topic().equals(topics.crawlEvents().name())) {
                return CrawlFact.of(topics.crawlEvents().valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
            if (r.topic().equals(topics.outcomes().name())) {
                IndexOutcome outcome = topics.outcomes().valueSerde().deserializer().deserialize(r.topic(), r.value());
                return outcome.jobId() == null ? null : CrawlFact.of(outcome);
            }
            return DocumentJobReader.read(r.value()).orElse(null);
        } catch (SerializationException e) {
            log.warn("Crawl tracking skips an unreadable record | topic={} | partition={} | offset={} | error={}",
                    r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    /** Facts read and not yet applied, with the offsets to commit once they are. */
    private static final class Pending {
        final List<CrawlFact> facts = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        boolean any;

        void add(ConsumerRecord<byte[], byte[]> r, CrawlFact fact) {
            if (fact != null) {
                facts.add(fact);
            }
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            any = true;
        }

        boolean isEmpty() {
            return !any;
        }

        void clear() {
            facts.clear();
            offsets.clear();
            any = false;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
