package dev.sluice.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.metrics.OperationMetric;
import dev.sluice.processor.topology.BatchReport;
import dev.sluice.processor.topology.RejectedRecord;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeError;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import dev.sluice.schemas.StageTimings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OperationRowsTest {
    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");
    private static final StageTimings TIMINGS = new StageTimings(1, 2, 30, 4, 5, 45, 700L);

    static IndexOutcome outcome(String id, OutcomeStatus status, OutcomeError error) {
        return new IndexOutcome(1, id, "https://example.com/" + id, status, status == OutcomeStatus.INDEXED ? 3 : 0,
                "hash", "p2-o10", status == OutcomeStatus.FAILED ? 3 : 1, TIMINGS, error, "job-7", AT);
    }

    static BatchReport batch(IndexOutcome... outcomes) {
        List<Long> offsets = new java.util.ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) offsets.add(10L + i);
        return new BatchReport("p2-o10", 2, 1243, AT, List.of(outcomes), offsets);
    }

    private static List<OperationMetric> ofType(List<OperationMetric> rows, String type) {
        return rows.stream().filter(r -> r.operationType().equals(type)).toList();
    }

    @Nested
    class ForABatch {
        private final List<OperationMetric> rows = OperationRows.of(batch(
                outcome("a", OutcomeStatus.INDEXED, null),
                outcome("b", OutcomeStatus.UNCHANGED, null),
                outcome("c", OutcomeStatus.FAILED, new OutcomeError("EMBEDDING_UNAVAILABLE", Stage.EMBEDDING,
                        "TEI answered 503", true)),
                outcome("d", OutcomeStatus.DELETED, null)));

        @Test
        void shouldWriteOneBatchRowCountingEachOutcome() {
            List<OperationMetric> batches = ofType(rows, "batch_processing");
            assertThat(batches).hasSize(1);
            OperationMetric b = batches.getFirst();
            assertThat(b.durationMs()).isEqualTo(1243);
            assertThat(b.success()).isFalse();
            assertThat(b.errorMessage()).isEqualTo("1 of 4 documents failed");
            assertThat(b.batchId()).isEqualTo("p2-o10");
            assertThat(b.kafkaPartition()).isEqualTo(2);
            assertThat(b.attempt()).isEqualTo(3);
            assertThat(b.extraMetadata()).containsEntry("documents", 4).containsEntry("indexed", 1)
                    .containsEntry("unchanged", 1).containsEntry("failed", 1).containsEntry("deleted", 1)
                    .containsEntry("first_offset", 10L).containsEntry("last_offset", 13L);
        }

        @Test
        void shouldWriteOneDocumentRowPerDocument() {
            List<OperationMetric> documents = ofType(rows, "document_indexing");
            assertThat(documents).extracting(OperationMetric::operationName)
                    .containsExactly("indexed", "unchanged", "failed", "deleted");
            assertThat(documents).extracting(OperationMetric::success).containsExactly(true, true, false, true);
            OperationMetric failed = documents.get(2);
            assertThat(failed.errorMessage()).isEqualTo("EMBEDDING_UNAVAILABLE: TEI answered 503");
            assertThat(failed.documentUrl()).isEqualTo("https://example.com/c");
            assertThat(failed.jobId()).isEqualTo("job-7");
            assertThat(failed.crawlId()).isEqualTo("job-7");
            assertThat(failed.attempt()).isEqualTo(3);
            assertThat(failed.durationMs()).isEqualTo(45);
            assertThat(failed.extraMetadata()).containsEntry("error_stage", "embedding").containsEntry("offset", 12L);
        }

        @Test
        void shouldWriteARowForEachStageADocumentWentThrough() {
            assertThat(rows.stream().filter(r -> r.extraMetadata().get("document_id") != null
                    && !r.operationType().equals("document_indexing") && !r.operationType().equals("queue_wait"))
                    .map(r -> r.extraMetadata().get("document_id") + ":" + r.operationType()).toList())
                    .containsExactly("a:cleaning", "a:chunking", "a:embedding", "a:vector_upsert", "a:bm25",
                            "b:cleaning",
                            "c:cleaning", "c:chunking", "c:embedding",
                            "d:vector_upsert", "d:bm25");
            assertThat(ofType(rows, "embedding")).extracting(OperationMetric::success).containsExactly(true, false);
            assertThat(ofType(rows, "embedding")).extracting(OperationMetric::durationMs).containsOnly(30.0);
            assertThat(ofType(rows, "bm25").getFirst().batchId()).isEqualTo("p2-o10");
        }
    }

    @Test
    void shouldWriteTheQueueWaitApartFromTheWork() {
        List<OperationMetric> rows = OperationRows.of(batch(outcome("a", OutcomeStatus.INDEXED, null),
                outcome("b", OutcomeStatus.UNCHANGED, null)));

        List<OperationMetric> waits = ofType(rows, "queue_wait");
        assertThat(waits).extracting(r -> r.extraMetadata().get("document_id")).containsExactly("a", "b");
        assertThat(waits).extracting(OperationMetric::durationMs).containsOnly(700.0);
        assertThat(waits).allSatisfy(r -> {
            assertThat(r.success()).isTrue();
            assertThat(r.batchId()).isEqualTo("p2-o10");
        });
    }

    @Test
    void shouldWriteAFailedDocumentRowForAnUnreadableRecord() {
        OperationMetric row = OperationRows.of(new RejectedRecord(1, 99, "doc-x",
                new OutcomeError("DESERIALIZATION", Stage.DESERIALIZATION, "bad JSON at line 1", false), AT));
        assertThat(row.operationType()).isEqualTo("document_indexing");
        assertThat(row.success()).isFalse();
        assertThat(row.batchId()).isEqualTo("p1-o99");
        assertThat(row.errorMessage()).isEqualTo("DESERIALIZATION: bad JSON at line 1");
    }
}
