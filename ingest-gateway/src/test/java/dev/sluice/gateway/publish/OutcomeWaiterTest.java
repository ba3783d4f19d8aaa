package dev.sluice.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.schemas.DeadLetterHeaders;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.StageTimings;
import dev.sluice.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutcomeWaiterTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final String OUTCOMES = TOPICS.outcomes().name();
    private static final String DOCUMENTS = TOPICS.documents().name();

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
    private final OutcomeWaiter waiter = new OutcomeWaiter(TOPICS.outcomes(), () -> consumer);
    private long nextOutcomeOffset = 100;

    OutcomeWaiterTest() {
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(OUTCOMES, List.of(new PartitionInfo(OUTCOMES, 0, node, null, null),
                new PartitionInfo(OUTCOMES, 1, node, null, null)));
        consumer.updateEndOffsets(Map.of(new TopicPartition(OUTCOMES, 0), 100L,
                new TopicPartition(OUTCOMES, 1), 100L));
    }

    @AfterEach
    void close() {
        waiter.close();
    }

    @Test
    void shouldCompleteWithTheOutcomeOfExactlyTheRecordWritten() throws Exception {
        waiter.ready();
        OutcomeWaiter.RecordPosition written = new OutcomeWaiter.RecordPosition(DOCUMENTS, 3, 42);
        CompletableFuture<IndexOutcome> outcome = waiter.outcomeOf(written);

        publish(0, outcome("doc", OutcomeStatus.INDEXED, "older"), Optional.of(new OutcomeWaiter.RecordPosition(
                DOCUMENTS, 3, 41)));
        publish(1, outcome("doc", OutcomeStatus.INDEXED, "unstamped"), Optional.empty());
        publish(0, outcome("doc", OutcomeStatus.INDEXED, "this one"), Optional.of(written));

        assertThat(outcome.get(10, TimeUnit.SECONDS).contentHash())
                .as("neither the older version's outcome nor one without source headers").isEqualTo("this one");
    }

    @Test
    void shouldFindAnOutcomeReadBeforeItsWaiterRegistered() throws Exception {
        waiter.ready();
        OutcomeWaiter.RecordPosition written = new OutcomeWaiter.RecordPosition(DOCUMENTS, 0, 7);
        OutcomeWaiter.RecordPosition other = new OutcomeWaiter.RecordPosition(DOCUMENTS, 0, 8);
        CompletableFuture<IndexOutcome> marker = waiter.outcomeOf(other);
        publish(1, outcome("quick", OutcomeStatus.UNCHANGED, "h"), Optional.of(written));
        publish(1, outcome("marker", OutcomeStatus.INDEXED, "m"), Optional.of(other));
        marker.get(10, TimeUnit.SECONDS); // records are read in order: the first is read by now

        assertThat(waiter.outcomeOf(written)).isCompletedWithValueMatching(o -> o.documentId().equals("quick"));
    }

    @Test
    void shouldNotCompleteAForgottenWait() {
        waiter.ready();
        OutcomeWaiter.RecordPosition written = new OutcomeWaiter.RecordPosition(DOCUMENTS, 0, 9);
        CompletableFuture<IndexOutcome> outcome = waiter.outcomeOf(written);
        waiter.forget(written);

        assertThat(outcome).isNotDone();
        assertThat(waiter.outcomeOf(written)).as("a new wait").isNotSameAs(outcome);
    }

    private void publish(int partition, IndexOutcome outcome, Optional<OutcomeWaiter.RecordPosition> source) {
        RecordHeaders headers = new RecordHeaders();
        source.ifPresent(s -> {
            headers.add(DeadLetterHeaders.SOURCE_TOPIC, s.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(DeadLetterHeaders.SOURCE_PARTITION,
                    Integer.toString(s.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(s.offset()).getBytes(StandardCharsets.UTF_8));
        });
        byte[] value = TOPICS.outcomes().valueSerde().serializer().serialize(OUTCOMES, outcome);
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(OUTCOMES, partition,
                nextOutcomeOffset++ + partition * 1000L, 0L, TimestampType.CREATE_TIME, 0, value.length,
                outcome.documentId(), value, headers, Optional.empty())));
    }

    private static IndexOutcome outcome(String id, OutcomeStatus status, String contentHash) {
        return new IndexOutcome(IndexOutcome.CURRENT_SCHEMA_VERSION, id, "https://example.com/" + id, status, 1,
                contentHash, "p0-1", 1, StageTimings.NONE, null, null, Instant.parse("2026-12-07T12:00:00Z"));
    }
}
