package dev.sluice.standalone.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-submits dead letters to the documents topic, with their original key and payload, once their cause is fixed.
 *
 * <p>It reads the dead-letter topic from where its consumer group ({@link ReplayOptions#groupId()}) stopped to the end
 * as it was when the replay began, and commits a record's offset only after the broker acknowledged its re-submission
 * (acks=all, idempotent producer): a record is replayed at most once per group, and a replay that fails half way
 * resumes after the last acknowledged record. Records not selected (another error code, an undecodable payload) are
 * passed over and counted; they stay available to a replay that selects them, which uses its own group.
 */
public final class DlqReplayer {
    /** Header added to each re-submitted record: {@code <dlq topic>/<partition>/<offset>} it came from. */
    public static final String REPLAYED_FROM = "sluice.replayed.from";
    private static final Duration POLL = Duration.ofMillis(200);

    private final ReplayOptions options;

    public DlqReplayer(ReplayOptions options) {
        this.options = options;
    }

    public ReplaySummary replay() {
        Map<String, Long> skipped = new TreeMap<>();
        long read = 0;
        long replayed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                KafkaProducer<byte[], byte[]> producer = options.dryRun() ? null : producer()) {
            Map<TopicPartition, Long> end = seekToGroupPosition(consumer);
            long deadline = System.nanoTime() + options.timeout().toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + options.dlqTopic() + " to its end within "
                            + options.timeout() + " (replayed " + replayed + " so far, committed)");
                }
                Map<TopicPartition, Long> next = new HashMap<>();
                List<Sent> sent = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(tp)) {
                        continue; // arrived after the replay began: left for the next one
                    }
                    read++;
                    next.put(tp, record.offset() + 1);
                    DeadLetter letter = DeadLetter.of(record);
                    String reason = skipReason(letter);
                    if (reason != null) {
                        skipped.merge(reason, 1L, Long::sum);
                    } else if (options.dryRun()) {
                        replayed++;
                    } else {
                        sent.add(new Sent(tp, record.offset(), producer.send(resubmission(letter))));
                    }
                }
                if (!options.dryRun()) {
                    replayed += awaitThenCommit(consumer, producer, sent, next);
                }
            }
        }
        return new ReplaySummary(read, replayed, skipped, options.groupId(), options.dryRun());
    }

    private record Sent(TopicPartition from, long offset, Future<RecordMetadata> ack) {}

    /**
     * Waits for every acknowledgement, then commits. When one fails, commits each partition only up to its first
     * failed record, so that a later replay starts there, and fails.
     */
    private long awaitThenCommit(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
            List<Sent> sent, Map<TopicPartition, Long> next) {
        producer.flush();
        Map<TopicPartition, Long> firstFailure = new HashMap<>();
        Exception failure = null;
        long acknowledged = 0;
        for (Sent s : sent) {
            try {
                s.ack().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
                acknowledged++;
            } catch (ExecutionException | TimeoutException e) {
                firstFailure.merge(s.from(), s.offset(), Math::min);
                failure = failure == null ? e : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            }
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new LinkedHashMap<>();
        next.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(firstFailure.getOrDefault(tp, offset))));
        if (!commit.isEmpty()) {
            consumer.commitSync(commit, options.timeout());
        }
        if (failure != null) {
            Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
            throw new IllegalStateException("Kafka did not acknowledge a re-submission to " + options.documentsTopic()
                    + ": " + cause.getMessage() + " (what was acknowledged is committed; run again to go on)", cause);
        }
        return acknowledged;
    }

    private String skipReason(DeadLetter letter) {
        if (!options.errorCodes().isEmpty() && !options.errorCodes().contains(letter.errorCode())) {
            return "error code " + letter.errorCode() + " not selected";
        }
        if (!options.includeUndecodable()) {
            String undecodable = letter.undecodableReason();
            if (undecodable != null) {
                return "undecodable: " + undecodable + " (--include-undecodable replays it)";
            }
        }
        return null;
    }

    private ProducerRecord<byte[], byte[]> resubmission(DeadLetter letter) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(options.documentsTopic(), letter.key(),
                letter.value());
        record.headers().add(REPLAYED_FROM, (options.dlqTopic() + "/" + letter.partition() + "/" + letter.offset())
                .getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Assigns every partition, seeks to the group's committed offsets (else the beginning), returns the ends. */
    private Map<TopicPartition, Long> seekToGroupPosition(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = partitions(consumer, options.dlqTopic(), options.timeout());
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions),
                options.timeout());
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata at = committed.get(tp);
            if (at == null) {
                fresh.add(tp);
            } else {
                consumer.seek(tp, at.offset());
            }
        }
        if (!fresh.isEmpty()) {
            consumer.seekToBeginning(fresh); // an empty collection would mean every assigned partition
        }
        return consumer.endOffsets(partitions, options.timeout());
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        var infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(options.bootstrapServers(), options.groupId());
    }

    /** Reads committed records only (the processor writes dead letters in transactions), never commits by itself. */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-dlq");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A dead letter can be as large as the documents topic allowed; the broker still enforces its own limit.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 << 20);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, options.timeout().toMillis());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-dlq-replay");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
