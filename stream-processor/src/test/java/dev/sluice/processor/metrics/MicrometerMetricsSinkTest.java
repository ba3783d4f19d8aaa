package dev.sluice.processor.metrics;

import static dev.sluice.processor.metrics.OperationRowsTest.batch;
import static dev.sluice.processor.metrics.OperationRowsTest.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.topology.RejectedRecord;
import dev.sluice.schemas.OutcomeError;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerMetricsSinkTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetricsSink sink = new MicrometerMetricsSink(registry);

    @Test
    void shouldCountBatchesDocumentsStagesAndDeadLetters() {
        sink.batchCompleted(batch(outcome("a", OutcomeStatus.INDEXED, null),
                outcome("b", OutcomeStatus.INDEXED, null),
                outcome("c", OutcomeStatus.FAILED, new OutcomeError("EMPTY_CONTENT", Stage.CLEANING, "empty", false))));
        sink.recordRejected(new RejectedRecord(0, 5, "d", new OutcomeError("DESERIALIZATION",
                Stage.DESERIALIZATION, "bad", false), Instant.now()));

        assertThat(registry.get("sluice.batch.size").summary().totalAmount()).isEqualTo(3);
        assertThat(registry.get("sluice.batch.duration").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1243);
        assertThat(registry.get("sluice.documents").tag("outcome", "indexed").counter().count()).isEqualTo(2);
        assertThat(registry.get("sluice.documents").tag("outcome", "failed").counter().count()).isEqualTo(2);
        assertThat(registry.get("sluice.dlq.records").counter().count()).isEqualTo(2);
        assertThat(registry.get("sluice.stage.duration").tag("stage", "cleaning").timer().count()).isEqualTo(3);
        assertThat(registry.get("sluice.stage.duration").tag("stage", "embedding").timer().count()).isEqualTo(2);
        assertThat(registry.get("sluice.stage.duration").tag("stage", "embedding").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60);
    }
}
