package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsStoreConfigTest {
    private static final String URL = "jdbc:postgresql://db:5432/sluice";

    @Test
    void shouldUseTheDocumentedDefaults() {
        MetricsStoreConfig config = MetricsStoreConfig.of(URL, "u", "p");
        assertThat(config.bufferRows()).isEqualTo(100_000);
        assertThat(config.batchRows()).isEqualTo(500);
        assertThat(config.retentionDays()).isEqualTo(90);
    }

    @Test
    void shouldRefuseBadValuesNamingTheKey() {
        assertThatThrownBy(() -> MetricsStoreConfig.of("jdbc:mysql://db/x?password=secret", null, null))
                .hasMessageContaining("sluice.jdbc-url").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> MetricsStoreConfig.of(URL, null, null).withBufferRows(0))
                .hasMessageContaining("sluice.metrics.buffer-rows");
        assertThatThrownBy(() -> MetricsStoreConfig.of(URL, null, null).withBatchRows(20_000))
                .hasMessageContaining("sluice.metrics.batch-rows");
        assertThatThrownBy(() -> MetricsStoreConfig.of(URL, null, null).withRetentionDays(0))
                .hasMessageContaining("sluice.metrics.retention-days");
        assertThatThrownBy(() -> new MetricsStoreConfig(URL, null, null, 1, 1, 1, 1, Duration.ofMillis(10)))
                .hasMessageContaining("sluice.metrics.connect-timeout");
    }

    @Test
    void shouldNeverShowThePassword() {
        assertThat(MetricsStoreConfig.of(URL, "user", "hunter2-password").toString()).doesNotContain("hunter2");
    }
}
