package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadyBannerTest {

    @Test
    void shouldShowWhereEachPartIsAndWhatToTryWithTheDefaultPorts() {
        StandaloneRunner runner = new StandaloneRunner(StandaloneSettings.builder(Path.of("/nonexistent/sluice"))
                .build());

        String text = ReadyBanner.text(runner);

        assertThat(text).contains("Sluice is ready (dev mode)")
                .contains("http://127.0.0.1:8080").contains("http://127.0.0.1:8081")
                .contains("bin/sluice search \"" + SampleCorpus.EXAMPLE_QUERY + "\"\n")
                .contains("bin/sluice status\n")
                .contains("in-process all-MiniLM-L6-v2");
    }

    @Test
    void shouldNameTheUrlsInTheCommandsWhenThePortsAreNotTheDefaults() {
        StandaloneRunner runner = new StandaloneRunner(StandaloneSettings.builder(Path.of("/nonexistent/sluice"))
                .gatewayPort(18080).processorPort(18081).build());

        String text = ReadyBanner.text(runner);

        assertThat(text).contains("--url http://127.0.0.1:18081")
                .contains("bin/sluice status --gateway http://127.0.0.1:18080 --processor http://127.0.0.1:18081");
    }

    @Test
    void shouldShowTheDevSecretButNeverARealOne() {
        String secret = "a-real-secret-of-more-than-32-characters";
        StandaloneRunner runner = new StandaloneRunner(StandaloneSettings.builder(Path.of("/nonexistent/sluice"))
                .apiSecret(secret).webhookSecret(secret).build());

        assertThat(ReadyBanner.text(runner)).doesNotContain(secret).doesNotContain("bearer");
    }
}
