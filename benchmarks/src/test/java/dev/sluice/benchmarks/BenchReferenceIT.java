package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.topology.BatchingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference scenarios' machinery end to end on a tiny workload with the model latencies scaled down: real gateway
 * over HTTP, real topology on 1 and 2 instances, the gRPC Qdrant model, PostgreSQL with its insert trigger. Asserts
 * outcomes and the report, never timings.
 */
class BenchReferenceIT {

    @Test
    void shouldGiveEveryDocumentItsOutcomeAndReportEveryScenario(@TempDir Path dir) throws Exception {
        BenchOptions options = new BenchOptions(1, 0, 0, List.of(Profile.values()), BatchingConfig.DEFAULT, Map.of(),
                4, new int[] {1, 2}, 4, 1, 2, 60, 0.02, new int[] {5}, new int[] {50}, 2,
                BenchOptions.LoadGenerator.java, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0, dir.resolve("md"),
                dir.resolve("img"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<ScenarioResult> results;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                BenchRunner runner = new BenchRunner(options, out)) {
            results = runner.reference();
        }

        // 3 configurations × (batch-1, batch-2, crawl50, crawl50-small-pages, instances-1, instances-2)
        assertThat(results).hasSize(18);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.outcomes()).as(r.scenario() + " " + r.configuration())
                    .returns(r.documents(), ScenarioResult.Outcomes::indexed)
                    .returns(0, ScenarioResult.Outcomes::lost);
            assertThat(r.latencyMs()).as("a latency per document").hasSize(r.documents());
            assertThat(r.batchSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(r.documents());
            assertThat(r.usage().teiBusy()).as("the TEI model served the run").isPositive();
        });
        // documents of the old worker's size: 25 chunks each; the small pages of the extra row far fewer
        assertThat(results).filteredOn(r -> !r.scenario().equals(BenchRunner.SMALL_CRAWL))
                .allSatisfy(r -> assertThat(r.outcomes().chunks()).isEqualTo(25L * r.documents()));
        assertThat(results).filteredOn(r -> r.scenario().equals(BenchRunner.SMALL_CRAWL))
                .allSatisfy(r -> assertThat(r.outcomes().chunks()).isBetween(1L, 10L * r.documents()));
        assertThat(results).filteredOn(r -> r.configuration().equals("sequential"))
                .allSatisfy(r -> assertThat(r.batchSizes()).containsOnly(1));
        assertThat(results).filteredOn(r -> r.configuration().equals("four_at_once"))
                .allSatisfy(r -> assertThat(r.maxBatchSize()).isLessThanOrEqualTo(4));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst()).startsWith("# warming the gateway's HTTP path: 1 s");
        assertThat(lines.getLast()).matches("crawl50 sluice_s=\\d+\\.\\d{3} sequential_s=\\d+\\.\\d{3} "
                + "four_at_once_s=\\d+\\.\\d{3} chunks=100 failed=0");
        assertThat(Files.readAllLines(dir.resolve("md/reference.md")))
                .anyMatch(l -> l.startsWith("| crawl50 | sluice | 1 | 4 |"))
                .anyMatch(l -> l.startsWith("| instances-2 | four_at_once | 2 | 4 |"))
                .filteredOn(l -> l.startsWith("| ") && !l.startsWith("| scenario")).hasSize(18);
        // 3 configurations × 1 run on 2 instances, each naming how many of the 4 documents each instance indexed;
        // a metrics writer for each of the 9 instances, none of them behind enough to drop a row
        assertThat(lines).filteredOn(l -> l.startsWith("instances-2 ")).hasSize(3).allSatisfy(l -> {
            Matcher perInstance = Pattern.compile("documents per instance \\[(\\d+), (\\d+)]$").matcher(l);
            assertThat(perInstance.find()).as(l).isTrue();
            assertThat(Integer.parseInt(perInstance.group(1)) + Integer.parseInt(perInstance.group(2))).isEqualTo(4);
        });
        assertThat(lines).anyMatch(l -> l.matches("# 9 metrics writers: \\d+ rows written, \\d+ queued, 0 dropped"));
        assertThat(dir.resolve("img/bench-batch-sizes.png")).isNotEmptyFile();
        assertThat(dir.resolve("img/bench-instances.png")).isNotEmptyFile();
    }
}
