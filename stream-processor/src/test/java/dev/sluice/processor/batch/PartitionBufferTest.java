package dev.sluice.processor.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionBufferTest {
    private static final PartitionBuffer.Limits THREE = new PartitionBuffer.Limits(3, 1_000);

    record Doc(String documentId, long offset, long bytes, long bufferedAtMs) implements PartitionBuffer.Entry {}

    private final PartitionBuffer<Doc> buffer = new PartitionBuffer<>();

    @Test
    void shouldTakeAFullBatchAtOnceAndLeaveTheRestUntilItWaitedEnough() {
        for (int i = 0; i < 4; i++) {
            buffer.offer(new Doc("d" + i, i, 10, 0));
        }

        PartitionBuffer.Batch<Doc> first = buffer.nextBatch(THREE, at -> false, PartitionBuffer.Admission.ALWAYS);

        assertThat(first.entries()).extracting(Doc::offset).containsExactly(0L, 1L, 2L);
        assertThat(first.full()).isTrue();
        assertThat(first.bytes()).isEqualTo(30);
        assertThat(buffer.nextBatch(THREE, at -> false, PartitionBuffer.Admission.ALWAYS))
                .as("one document, not lingered").isNull();
        assertThat(buffer.nextBatch(THREE, at -> true, PartitionBuffer.Admission.ALWAYS).entries())
                .extracting(Doc::offset).containsExactly(3L);
        assertThat(buffer.inFlightCount()).isEqualTo(4);
        assertThat(buffer.waitingCount()).isZero();
    }

    @Test
    void shouldKeepANewerVersionWaitingUntilTheOlderOneHasItsOutcome() {
        buffer.offer(new Doc("a", 0, 10, 0));
        buffer.offer(new Doc("a", 1, 10, 0));
        buffer.offer(new Doc("b", 2, 10, 0));

        PartitionBuffer.Batch<Doc> first = buffer.nextBatch(THREE, at -> true, PartitionBuffer.Admission.ALWAYS);
        assertThat(first.entries()).extracting(Doc::offset).containsExactly(0L, 2L);
        assertThat(buffer.nextBatch(THREE, at -> true, PartitionBuffer.Admission.ALWAYS)).isNull();

        buffer.release(first.entries());

        assertThat(buffer.nextBatch(THREE, at -> true, PartitionBuffer.Admission.ALWAYS).entries())
                .extracting(Doc::offset).containsExactly(1L);
    }

    @Test
    void shouldPutARequeuedBatchBackInItsPlace() {
        for (int i = 0; i < 5; i++) {
            buffer.offer(new Doc("d" + i, i, 10, 0));
        }
        PartitionBuffer.Batch<Doc> failed = buffer.nextBatch(THREE, at -> true, PartitionBuffer.Admission.ALWAYS);

        buffer.requeue(failed.entries());

        assertThat(buffer.nextBatch(THREE, at -> true, PartitionBuffer.Admission.ALWAYS).entries())
                .extracting(Doc::offset).containsExactly(0L, 1L, 2L);
    }

    @Test
    void shouldLeaveTheBatchWaitingWhenThereIsNoRoomInFlight() {
        buffer.offer(new Doc("a", 0, 10, 0));

        assertThat(buffer.nextBatch(THREE, at -> true, (documents, bytes) -> false)).isNull();

        assertThat(buffer.waitingCount()).isEqualTo(1);
        assertThat(buffer.inFlightCount()).isZero();
    }

    @Test
    void shouldCutByBytesButNeverLeaveALargeDocumentBehind() {
        PartitionBuffer.Limits hundredBytes = new PartitionBuffer.Limits(10, 100);
        buffer.offer(new Doc("big", 0, 500, 0));
        buffer.offer(new Doc("a", 1, 60, 0));
        buffer.offer(new Doc("b", 2, 60, 0));

        assertThat(buffer.nextBatch(hundredBytes, at -> false, PartitionBuffer.Admission.ALWAYS).entries())
                .extracting(Doc::documentId).containsExactly("big");
        PartitionBuffer.Batch<Doc> next = buffer.nextBatch(hundredBytes, at -> false, PartitionBuffer.Admission.ALWAYS);
        assertThat(next.entries()).extracting(Doc::documentId).containsExactly("a");
        assertThat(next.full()).isTrue();
    }

    @Test
    void shouldRefuseToReleaseWhatIsNotInFlight() {
        assertThatThrownBy(() -> buffer.release(List.of(new Doc("x", 0, 1, 0))))
                .isInstanceOf(IllegalStateException.class);
        buffer.offer(new Doc("x", 0, 1, 0));
        assertThatThrownBy(() -> buffer.offer(new Doc("y", 0, 1, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Random sequences of offers, flushes, outcomes and failed batches, checked step by step against a plain model:
     * batches in offset order without passing over an entry they could take, one version of an id at a time and the
     * oldest first, within their limits; in the end every entry has exactly one outcome, each id's in offset order.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 17, 42, 99, 1234, 2026, 31337, 777_777})
    void shouldBehaveLikeTheModelOnRandomSequences(long seed) {
        Random random = new Random(seed);
        TreeMap<Long, Doc> modelWaiting = new TreeMap<>();
        List<List<Doc>> modelInFlight = new ArrayList<>();
        Map<String, List<Long>> completedOffsets = new HashMap<>();
        long now = 0;
        long nextOffset = 0;
        for (int step = 0; step < 2_000; step++) {
            now += random.nextInt(5);
            int op = random.nextInt(10);
            if (op < 4) {
                Doc doc = new Doc("id" + random.nextInt(6), nextOffset++, 1 + random.nextInt(120), now);
                buffer.offer(doc);
                modelWaiting.put(doc.offset(), doc);
            } else if (op < 7) {
                PartitionBuffer.Limits limits = new PartitionBuffer.Limits(1 + random.nextInt(5),
                        50 + random.nextInt(250));
                long linger = random.nextInt(20);
                long at = now;
                boolean room = random.nextInt(5) > 0;
                Set<String> blocked = new HashSet<>();
                modelInFlight.forEach(b -> b.forEach(d -> blocked.add(d.documentId())));
                // what a plain walk in offset order takes, and whether it is due
                List<Doc> prefix = new ArrayList<>();
                long bytes = 0;
                boolean full = false;
                for (Doc d : eligible(modelWaiting, blocked)) {
                    if (!prefix.isEmpty() && bytes + d.bytes() > limits.maxBytes()) {
                        full = true;
                        break;
                    }
                    prefix.add(d);
                    bytes += d.bytes();
                    if (prefix.size() >= limits.maxDocuments() || bytes >= limits.maxBytes()) {
                        full = true;
                        break;
                    }
                }
                boolean anyDue = !modelWaiting.isEmpty() && (modelWaiting.size() >= limits.maxDocuments()
                        || modelWaiting.values().stream().mapToLong(Doc::bytes).sum() >= limits.maxBytes()
                        || at - modelWaiting.firstEntry().getValue().bufferedAtMs() >= linger);
                boolean due = room && anyDue && !prefix.isEmpty()
                        && (full || at - prefix.getFirst().bufferedAtMs() >= linger);

                PartitionBuffer.Batch<Doc> batch = buffer.nextBatch(limits, buffered -> at - buffered >= linger,
                        (documents, size) -> room);

                if (!due) {
                    assertThat(batch).as("step %d: nothing due", step).isNull();
                    continue;
                }
                assertThat(batch).as("step %d: a batch was due", step).isNotNull();
                List<Doc> taken = batch.entries();
                assertThat(taken).as("step %d", step).isEqualTo(prefix);
                assertThat(batch.full()).isEqualTo(full);
                assertThat(taken).hasSizeLessThanOrEqualTo(limits.maxDocuments());
                if (taken.size() > 1) {
                    assertThat(batch.bytes()).isLessThanOrEqualTo(limits.maxBytes());
                }
                assertThat(batch.bytes()).isEqualTo(bytes);
                taken.forEach(d -> modelWaiting.remove(d.offset()));
                modelInFlight.add(taken);
            } else if (!modelInFlight.isEmpty()) {
                List<Doc> batch = modelInFlight.remove(random.nextInt(modelInFlight.size()));
                if (op < 9) {
                    buffer.release(batch);
                    batch.forEach(d -> completedOffsets.computeIfAbsent(d.documentId(), k -> new ArrayList<>())
                            .add(d.offset()));
                } else {
                    buffer.requeue(batch);
                    batch.forEach(d -> modelWaiting.put(d.offset(), d));
                }
            }
            assertThat(buffer.waitingCount()).isEqualTo(modelWaiting.size());
            assertThat(buffer.waitingBytes()).isEqualTo(modelWaiting.values().stream().mapToLong(Doc::bytes).sum());
            assertThat(buffer.inFlightCount()).isEqualTo(modelInFlight.stream().mapToInt(List::size).sum());
        }
        // drain: everything gets its outcome
        modelInFlight.forEach(batch -> {
            buffer.release(batch);
            batch.forEach(d -> completedOffsets.computeIfAbsent(d.documentId(), k -> new ArrayList<>())
                    .add(d.offset()));
        });
        for (PartitionBuffer.Batch<Doc> b; (b = buffer.nextBatch(THREE, at -> true,
                PartitionBuffer.Admission.ALWAYS)) != null; ) {
            buffer.release(b.entries());
            b.entries().forEach(d -> completedOffsets.computeIfAbsent(d.documentId(), k -> new ArrayList<>())
                    .add(d.offset()));
        }
        assertThat(buffer.size()).isZero();
        assertThat(completedOffsets.values().stream().mapToInt(List::size).sum()).as("each entry once")
                .isEqualTo((int) nextOffset);
        completedOffsets.forEach((id, offsets) -> assertThat(offsets).as("versions of %s", id).isSorted());
    }

    /** Waiting entries a batch may take, in offset order: not in flight, the oldest waiting version of their id. */
    private static List<Doc> eligible(TreeMap<Long, Doc> waiting, Set<String> inFlight) {
        Set<String> seen = new HashSet<>(inFlight);
        List<Doc> out = new ArrayList<>();
        for (Doc d : waiting.values()) {
            if (seen.add(d.documentId())) {
                out.add(d);
            }
        }
        return out;
    }
}
