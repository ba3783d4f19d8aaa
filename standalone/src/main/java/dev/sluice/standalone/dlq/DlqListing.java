package dev.sluice.standalone.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the whole dead-letter topic without a consumer group (nothing is committed) and tells what is in it: a count
 * per error code and the most recent records.
 */
public final class DlqListing {
    private DlqListing() {}

    /**
     * @param total   records in the topic
     * @param byCode  their count per error code
     * @param recent  the most recent ones, newest first
     */
    public record Listing(long total, Map<String, Long> byCode, List<DeadLetter> recent) {}

    public static Listing read(String bootstrapServers, String dlqTopic, int recent, Duration timeout) {
        Map<String, Long> byCode = new TreeMap<>();
        List<DeadLetter> newest = new ArrayList<>();
        long total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = DlqReplayer.consumer(bootstrapServers, null)) {
            List<TopicPartition> partitions = DlqReplayer.partitions(consumer, dlqTopic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + dlqTopic + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    total++;
                    DeadLetter letter = DeadLetter.of(record);
                    byCode.merge(letter.errorCode(), 1L, Long::sum);
                    newest.add(withoutPayload(letter));
                    if (newest.size() > recent * 4 + 64) {
                        newest = keepNewest(newest, recent);
                    }
                }
            }
        }
        return new Listing(total, byCode, keepNewest(newest, recent));
    }

    /** The payload is not shown (it is document content) and need not be held. */
    private static DeadLetter withoutPayload(DeadLetter letter) {
        return new DeadLetter(letter.partition(), letter.offset(), letter.key(), null, letter.errorCode(),
                letter.message(), letter.failedAt());
    }

    private static List<DeadLetter> keepNewest(List<DeadLetter> letters, int n) {
        return new ArrayList<>(letters.stream()
                .sorted(Comparator.comparing(DeadLetter::failedAt).reversed()).limit(n).toList());
    }
}
