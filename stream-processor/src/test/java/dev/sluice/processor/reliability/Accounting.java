package dev.sluice.processor.reliability;

import dev.sluice.schemas.DeadLetterHeaders;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The no-loss, no-doubling check of the reliability tests. Given the documents sent, it reads {@code sluice.outcomes}
 * and {@code sluice.dlq} (read_committed: what a consumer downstream sees) and the indexes, and proves:
 * <ul>
 *   <li>every document sent has exactly one outcome, and nothing else has one;</li>
 *   <li>every INDEXED document is in each index with exactly its chunk count, no chunk twice; nothing else is in an
 *       index (no leftovers of failed or unknown documents);</li>
 *   <li>every FAILED document is in the DLQ exactly once, with its original payload and its error code; nothing else
 *       is.</li>
 * </ul>
 * It fails with every violation it found (the first 20), and otherwise returns the figures.
 */
public final class Accounting {
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final int SHOWN = 20;

    private final KafkaCluster kafka;
    private final Topics topics;

    public Accounting(KafkaCluster kafka, Topics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    /**
     * What the run came to.
     *
     * @param documents      documents sent
     * @param indexed        INDEXED outcomes
     * @param failed         FAILED outcomes (each in the DLQ)
     * @param chunks         chunks of the INDEXED documents
     * @param retried        documents that needed more than one attempt
     * @param retries        attempts beyond the first, summed over documents
     */
    public record Report(int documents, int indexed, int failed, long chunks, int retried, long retries) {
        @Override
        public String toString() {
            return documents + " documents: " + indexed + " indexed (" + chunks + " chunks), " + failed
                    + " failed (all in the DLQ), " + retried + " retried (" + retries + " retries)";
        }
    }

    /** Waits (up to {@code timeout}) for an outcome of every document of {@code sent}, then checks everything. */
    public Report check(Map<String, DocumentEvent> sent, Duration timeout, ChunkCounts... indexes) {
        Map<String, List<IndexOutcome>> outcomes = outcomes(sent.size(), timeout);
        return check(sent, outcomes, indexes);
    }

    /** Every outcome on the topic, grouped by document id; waits for {@code distinct} ids, then a little longer. */
    public Map<String, List<IndexOutcome>> outcomes(int distinct, Duration timeout) {
        Map<String, List<IndexOutcome>> byId = new HashMap<>();
        for (ConsumerRecord<String, IndexOutcome> r : kafka.consumeDistinctKeys(topics.outcomes().name(),
                new StringDeserializer(), topics.outcomes().valueSerde().deserializer(), distinct, timeout, SETTLE)) {
            byId.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
        }
        return byId;
    }

    /** Checks outcomes already read (see {@link #outcomes}) against the DLQ and the indexes. */
    public Report check(Map<String, DocumentEvent> sent, Map<String, List<IndexOutcome>> outcomes,
            ChunkCounts... indexes) {
        return check(sent, outcomes, deadLetters(outcomes), indexes);
    }

    /**
     * Every record on the DLQ, once as many as there are FAILED outcomes arrived (and a little longer, for any extra
     * one): read while the broker runs, for a check after everything stopped.
     */
    public List<ConsumerRecord<byte[], byte[]>> deadLetters(Map<String, List<IndexOutcome>> outcomes) {
        long failed = outcomes.values().stream().filter(list -> list.getLast().status() == OutcomeStatus.FAILED)
                .count();
        long[] settleUntil = {0};
        return kafka.consumeUntil(topics.deadLetters().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), seen -> {
                    if (seen.size() < failed) {
                        return false;
                    }
                    if (settleUntil[0] == 0) {
                        settleUntil[0] = System.nanoTime() + SETTLE.toNanos();
                    }
                    return System.nanoTime() >= settleUntil[0];
                }, Duration.ofSeconds(60), failed + " dead letters");
    }

    /** Checks outcomes and dead letters already read against the indexes; needs no broker. */
    public Report check(Map<String, DocumentEvent> sent, Map<String, List<IndexOutcome>> outcomes,
            List<ConsumerRecord<byte[], byte[]>> dead, ChunkCounts... indexes) {
        List<String> violations = new ArrayList<>();
        Map<String, IndexOutcome> finals = new HashMap<>();
        outcomes.forEach((id, list) -> {
            if (!sent.containsKey(id)) {
                violations.add("outcome for a document never sent: " + id);
            } else if (list.size() != 1) {
                violations.add("document " + id + " has " + list.size() + " outcomes: "
                        + list.stream().map(o -> o.status() + "@" + o.batchId()).toList());
            }
            finals.put(id, list.getLast());
        });
        sent.keySet().stream().filter(id -> !outcomes.containsKey(id))
                .forEach(id -> violations.add("document " + id + " has no outcome"));

        int indexed = 0;
        int failed = 0;
        long chunks = 0;
        int retried = 0;
        long retries = 0;
        for (IndexOutcome o : finals.values()) {
            if (o.status() == OutcomeStatus.INDEXED) {
                indexed++;
                chunks += o.chunkCount();
            } else if (o.status() == OutcomeStatus.FAILED) {
                failed++;
            } else {
                violations.add("document " + o.documentId() + " is " + o.status() + " though it was sent once");
            }
            if (o.attempts() > 1) {
                retried++;
                retries += o.attempts() - 1;
            }
        }

        for (ChunkCounts index : indexes) {
            checkIndex(index, finals, violations);
        }
        checkDeadLetters(sent, finals, dead, violations);

        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " accounting violations, the first ones:\n  "
                    + String.join("\n  ", violations.subList(0, Math.min(SHOWN, violations.size()))));
        }
        return new Report(sent.size(), indexed, failed, chunks, retried, retries);
    }

    private static void checkIndex(ChunkCounts index, Map<String, IndexOutcome> finals, List<String> violations) {
        index.duplicateChunks().forEach(c -> violations.add(index.source() + " holds chunk " + c + " twice"));
        for (IndexOutcome o : finals.values()) {
            int expected = o.status() == OutcomeStatus.INDEXED ? o.chunkCount() : 0;
            int found = index.byDocument().getOrDefault(o.documentId(), 0);
            if (found != expected) {
                violations.add(index.source() + " holds " + found + " chunks of " + o.status() + " document "
                        + o.documentId() + ", expected " + expected);
            }
        }
        index.byDocument().keySet().stream().filter(id -> !finals.containsKey(id))
                .forEach(id -> violations.add(index.source() + " holds chunks of unknown document " + id));
    }

    private void checkDeadLetters(Map<String, DocumentEvent> sent, Map<String, IndexOutcome> finals,
            List<ConsumerRecord<byte[], byte[]>> dead, List<String> violations) {
        Map<String, Integer> perDocument = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String id = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            IndexOutcome outcome = id == null ? null : finals.get(id);
            if (outcome == null || outcome.status() != OutcomeStatus.FAILED) {
                violations.add("dead letter for document " + id + " whose outcome is "
                        + (outcome == null ? "missing" : outcome.status()));
                continue;
            }
            perDocument.merge(id, 1, Integer::sum);
            byte[] original = topics.documents().valueSerde().serializer().serialize(topics.documents().name(),
                    sent.get(id));
            if (!Arrays.equals(original, r.value())) {
                violations.add("dead letter of document " + id + " does not carry the original payload");
            }
            Header code = r.headers().lastHeader(DeadLetterHeaders.ERROR_CODE);
            if (code == null || !new String(code.value(), StandardCharsets.UTF_8).equals(outcome.error().code())) {
                violations.add("dead letter of document " + id + " does not name its error "
                        + outcome.error().code());
            }
        }
        finals.values().stream().filter(o -> o.status() == OutcomeStatus.FAILED)
                .filter(o -> perDocument.getOrDefault(o.documentId(), 0) != 1)
                .forEach(o -> violations.add("FAILED document " + o.documentId() + " is "
                        + perDocument.getOrDefault(o.documentId(), 0) + " times in the DLQ"));
    }
}
