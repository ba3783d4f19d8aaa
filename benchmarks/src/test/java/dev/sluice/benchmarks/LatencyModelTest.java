package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The latency model's costs against the seed's figures they are calibrated on. */
class LatencyModelTest {
    private static final int DOCUMENT = LatencyModel.REFERENCE_DOCUMENT_TOKENS;
    private final LatencyModel.Tei tei = LatencyModel.Tei.reference(1);
    private final LatencyModel.Qdrant qdrant = LatencyModel.Qdrant.reference(1);

    @Test
    void shouldChargeTheSeedsDocumentWhatTheSeedSays() {
        assertThat(DOCUMENT).isEqualTo(25 * 250);
        assertThat(tei.aloneMs(DOCUMENT)).isCloseTo(500, within(1e-9));
        assertThat(qdrant.ms(25)).isCloseTo(100, within(1e-9));
        assertThat(qdrant.requestsPerSecond(25)).isCloseTo(200, within(1e-9));
        assertThat(tei.concurrency()).isEqualTo(80);
    }

    @Test
    void shouldGrowWithTheWorkARequestCarries() {
        assertThat(tei.aloneMs(0)).isEqualTo(LatencyModel.Tei.FIXED_MS);
        assertThat(tei.aloneMs(2 * DOCUMENT) - tei.aloneMs(DOCUMENT)).isCloseTo(480, within(1e-9));
        assertThat(qdrant.ms(0)).as("a delete by filter").isEqualTo(LatencyModel.Qdrant.FIXED_MS);
        assertThat(qdrant.ms(256)).isCloseTo(20 + 256 * 3.2, within(1e-9));
    }

    @Test
    void shouldReproduceTheSeedsContentionOfFourDocumentsAtOnce() {
        // the seed: four documents at once take 1.2 s instead of 0.86 s — 340 ms more, all of it in the embedding
        assertThat(tei.togetherMs(4, DOCUMENT)).isCloseTo(840, within(1e-6));
        assertThat(tei.togetherMs(1, DOCUMENT)).isCloseTo(500, within(1e-9));
        assertThat(tei.togetherMs(2, DOCUMENT)).as("two fit within the throughput").isCloseTo(500, within(1e-9));
        assertThat(tei.tokensPerMs()).isCloseTo(30.49, within(0.01));
        // 80 requests of 32 inputs cannot all finish in 500 ms
        assertThat(tei.togetherMs(80, 32 * 250)).isGreaterThan(20_000);
    }

    @Test
    void shouldAgreeWithTheSharedThroughputItRunsOn() {
        SharedThroughput gpu = new SharedThroughput(tei.tokensPerMs(), 1 / tei.msPerToken());
        SharedThroughput.Job last = null;
        for (int i = 0; i < 4; i++) {
            last = gpu.admit(DOCUMENT, 0);
        }
        long now = 0;
        long wait;
        while ((wait = gpu.nanosUntilDone(last, now)) > 0) {
            now += wait;
        }
        assertThat(tei.fixedMs() + last.doneNanos() / 1e6).isCloseTo(tei.togetherMs(4, DOCUMENT), within(0.01));
    }

    @Test
    void shouldAnswerAUnitVectorForAnyText() {
        float[] v = LatencyTeiServer.vector("naïve — “quoted” 日本語");
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertThat(v).hasSize(384);
        assertThat(norm).isCloseTo(1, within(1e-5));
    }

    @Test
    void shouldScaleEveryLatencyAndThroughput() {
        LatencyModel.Tei fast = LatencyModel.Tei.reference(0.1);
        assertThat(fast.aloneMs(DOCUMENT)).isCloseTo(50, within(1e-9));
        assertThat(fast.togetherMs(4, DOCUMENT)).isCloseTo(84, within(1e-6));
        assertThat(LatencyModel.Qdrant.reference(0.1).ms(25)).isCloseTo(10, within(1e-9));
    }
}
