package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark whose documents fail says so and fails: the first document of every run carries text the TEI model
 * refuses (a permanent 422), and {@code bin/sluice bench reference} must count them and exit non-zero.
 */
class BenchFailureIT {

    @Test
    void shouldCountInjectedFailuresInEveryReportAndExitNonZero(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = Bench.commandLine(out).execute("reference", "--configurations", "sluice", "--batch-sizes", "1",
                    "--crawl-docs", "3", "--instance-docs", "3", "--max-instances", "1", "--runs", "1",
                    "--warmups", "0", "--max-warmups", "0", "--warmup-seconds", "0", "--latency-scale", "0.02",
                    "--inject-failures", "1", "--out", dir.resolve("md").toString(), "--img",
                    dir.resolve("img").toString());
        }

        assertThat(exit).isEqualTo(1);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        // batch-1, crawl50 and instances-1 each lose their first document; the small pages carry no marker
        assertThat(lines.getLast()).matches("crawl50 sluice_s=\\d+\\.\\d{3} sequential_s=NaN four_at_once_s=NaN "
                + "chunks=50 failed=3");
        assertThat(lines).filteredOn(l -> l.contains("WARNING: 1 documents failed and 0 went missing")).hasSize(3);
        assertThat(Files.readAllLines(dir.resolve("md/reference.md")))
                .anyMatch(l -> l.startsWith("| crawl50 | sluice | 1 | 3 | 50 |") && l.contains("| 2 / 0 / 1 / 0 |"))
                .anyMatch(l -> l.startsWith("| batch-1 | sluice | 1 | 1 | 0 |") && l.contains("| 0 / 0 / 1 / 0 |"))
                .anyMatch(l -> l.startsWith("| crawl50-small-pages | sluice | 1 | 3 |")
                        && l.contains("| 3 / 0 / 0 / 0 |"));
    }
}
