package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.processor.topology.BatchingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchTest {

    private static ScenarioResult result(String scenario, String configuration, int instances, int documents,
            double... seconds) {
        return new ScenarioResult(scenario, configuration, instances, documents, seconds,
                List.of(100.0, 200.0, 300.0, 400.0), List.of(4, 4, 2),
                new ScenarioResult.Outcomes(documents * seconds.length, 0, 0, 0, 25L * documents * seconds.length),
                1.5, 256, new ServiceUsage(0.9, 12, 80, 0.2));
    }

    @Nested
    class Percentile {
        @Test
        void shouldPickTheNearestRankValue() {
            List<Integer> values = List.of(5, 1, 4, 2, 3, 6, 7, 8, 9, 10);
            assertThat(Percentiles.of(values, 50)).isEqualTo(5);
            assertThat(Percentiles.of(values, 95)).isEqualTo(10);
            assertThat(Percentiles.of(values, 99)).isEqualTo(10);
            assertThat(Percentiles.of(values, 10)).isEqualTo(1);
            assertThat(Percentiles.of(List.of(7.5), 99)).isEqualTo(7.5);
        }

        @Test
        void shouldBeNaNWithoutValuesAndRefuseOutOfRange() {
            assertThat(Percentiles.of(List.<Double>of(), 50)).isNaN();
            assertThatThrownBy(() -> Percentiles.of(List.of(1), 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Percentiles.of(List.of(1), 101)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void shouldTakeTheMiddleOrTheMeanOfTheTwoMiddleValuesAsMedian() {
            assertThat(Percentiles.median(new double[] {3, 1, 2})).isEqualTo(2);
            assertThat(Percentiles.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
            assertThat(Percentiles.median(new double[0])).isNaN();
        }
    }

    @Nested
    class Tables {
        @Test
        void shouldEndTheReferenceRunWithTheCrawlLine() {
            assertThat(Report.finalLine(0.8123, 26.4, 7.25, 1250, 0))
                    .isEqualTo("crawl50 sluice_s=0.812 sequential_s=26.400 four_at_once_s=7.250 chunks=1250 failed=0");
        }

        @Test
        void shouldCountFailedAndMissingDocumentsOfEveryScenario() {
            ScenarioResult clean = result("crawl50", "sluice", 1, 50, 1.0);
            ScenarioResult lossy = new ScenarioResult("batch-4", "sequential", 1, 4, new double[] {1, 1},
                    List.of(1.0), List.of(1), new ScenarioResult.Outcomes(5, 0, 2, 1, 125), 1, 1, ServiceUsage.NONE);
            assertThat(BenchRunner.lost(List.of(clean))).isZero();
            assertThat(BenchRunner.lost(List.of(clean, lossy))).isEqualTo(3);
            assertThat(Report.referenceTable(List.of(lossy))).contains("| 5 / 0 / 2 / 1 |");
        }

        @Test
        void shouldNameTheServiceThatBoundARun() {
            assertThat(new ServiceUsage(0.93, 40, 80, 0.3).boundBy()).isEqualTo("TEI throughput");
            assertThat(new ServiceUsage(0.5, 40, 80, 0.85).boundBy()).isEqualTo("Qdrant");
            assertThat(new ServiceUsage(0.5, 80, 80, 0.2).boundBy()).isEqualTo("TEI slots");
            assertThat(new ServiceUsage(0.5, 16, 80, 0.2).boundBy()).isEqualTo("the instances");
            assertThat(new ServiceUsage(1.0, 16, 80, 0.0).merge(new ServiceUsage(0.0, 20, 80, 1.0), 3, 1))
                    .isEqualTo(new ServiceUsage(0.75, 20, 80, 0.25));
        }

        @Test
        void shouldGiveEachRowItsSpeedUpAgainstBothBaselinesOfTheSameScenario() {
            List<ScenarioResult> results = List.of(result("crawl50", "sluice", 1, 50, 1.0, 2.0, 1.0),
                    result("crawl50", "sequential", 1, 50, 25.0), result("crawl50", "four_at_once", 1, 50, 8.0),
                    result("batch-4", "sluice", 1, 4, 0.5));
            String table = Report.referenceTable(results);
            assertThat(table.lines()).hasSize(6);
            assertThat(table.lines().skip(2).findFirst().orElseThrow())
                    .startsWith("| crawl50 | sluice | 1 | 50 | 1250 | 1.000 | 50.0 | 200 / 400 / 400 | 3.3 (4) "
                            + "| 150 / 0 / 0 / 0 | TEI 90 % · Qdrant 20 % | 1.5 | 256 |")
                    .endsWith("| 25.0× | 8.0× | – |");
            assertThat(table).contains("| crawl50 | sequential | 1 | 50 | 1250 | 25.000 | 2.0 |")
                    .contains("| 1.0× | 0.3× | 43.00 |")
                    .contains("| batch-4 | sluice | 1 | 4 | 100 | 0.500 | 8.0 |");
            assertThat(table.lines().reduce((a, b) -> b).orElseThrow()).endsWith("| – | – | – |");
            assertThat(Report.referenceTable(List.of(result(BenchRunner.SMALL_CRAWL, "sequential", 1, 50, 8.0))))
                    .as("the old worker's model is for its own document size").endsWith("| 1.0× | – | – |\n");
        }

        @Test
        void shouldRelateEveryInstanceCountToOneInstance() {
            String table = Report.scalingTable(List.of(result("scaling-1", "sluice", 1, 300, 10),
                    result("scaling-3", "sluice", 3, 300, 4)));
            assertThat(table).contains("| sluice | 1 | 300 | 10.000 | 30.0 | 1.00× |")
                    .contains("| sluice | 3 | 300 | 4.000 | 75.0 | 2.50× |")
                    .contains("| 300 / 0 / 0 / 0 | TEI 90 % · Qdrant 20 % | TEI throughput |");
        }

        @Test
        void shouldJudgeClosedLoopLevelsByTheirRate() {
            String table = Report.gatewayTable(List.of(
                    new Report.LoadLevel(50, 25_000, 0, 10, List.of(10.0, 20.0, 40.0)),
                    new Report.LoadLevel(200, 60_000, 0, 10, List.of(10.0, 80.0)),
                    new Report.LoadLevel(1000, 25_000, 3, 10, List.of(10.0, 20.0)),
                    new Report.LoadLevel(1000, 15_000, 0, 10, List.of(10.0, 20.0))));
            assertThat(table).contains("| 50 | 2500 | 20.0 | 40.0 | 0 | met |")
                    // saturated: the latency is the queue, judged at an offered rate instead
                    .contains("| 200 | 6000 | 10.0 | 80.0 | 0 | met |")
                    .contains("| 1000 | 2500 | 10.0 | 20.0 | 3 | not met |")
                    .contains("| 1000 | 1500 | 10.0 | 20.0 | 0 | not met |");
        }

        @Test
        void shouldJudgePacedLevelsByWhatWasAnsweredAndTheLatencyFromWhenDue() {
            List<Double> fast = List.of(5.0, 10.0, 30.0);
            String table = Report.pacedTable(List.of(
                    new Report.PacedLevel(1000, 50, 10_000, 0, 10, fast, fast),
                    new Report.PacedLevel(2000, 50, 19_900, 0, 10, fast, List.of(1.0, 2.0, 3.0)),
                    new Report.PacedLevel(3000, 50, 29_000, 0, 10, fast, fast),
                    new Report.PacedLevel(2000, 50, 20_000, 0, 10, List.of(5.0, 60.0), List.of(5.0, 6.0))));
            assertThat(table).contains("| 1000 | 50 | 1000 | 10.0 | 30.0 | 30.0 | 30.0 | 30.0 | 0 | – |")
                    .contains("| 2000 | 50 | 1990 | 10.0 | 30.0 | 30.0 | 30.0 | 3.0 | 0 | met |")
                    // fell behind the offered rate
                    .contains("| 3000 | 50 | 2900 | 10.0 | 30.0 | 30.0 | 30.0 | 30.0 | 0 | not met |")
                    // quick once sent, late against the schedule
                    .contains("| 2000 | 50 | 2000 | 5.0 | 60.0 | 60.0 | 60.0 | 6.0 | 0 | not met |");
        }

        @Test
        void shouldUseTheOldWorkersModelledFigures() {
            assertThat(OldWorkerModel.seconds("sequential", 50, 1)).hasValue(43);
            assertThat(OldWorkerModel.seconds("four_at_once", 50, 1)).hasValue(15.6);
            assertThat(OldWorkerModel.seconds("four_at_once", 16, 1)).hasValue(2.8);
            assertThat(OldWorkerModel.seconds("sequential", 4, 1).getAsDouble()).isCloseTo(3.44, within(1e-9));
            assertThat(OldWorkerModel.seconds("four_at_once", 120, 3).getAsDouble()).isCloseTo(12, within(1e-9));
            assertThat(OldWorkerModel.seconds("sluice", 50, 1)).isEmpty();
        }
    }

    @Nested
    class CommandLineParsing {
        private Bench parse(String... args) {
            Bench bench = new Bench();
            new CommandLine(bench).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
            return bench;
        }

        @Test
        void shouldDefaultToTheReferenceScenariosAtFullLength() {
            Bench bench = parse();
            BenchOptions o = bench.options();
            assertThat(bench.mode).isEqualTo(Bench.Mode.reference);
            assertThat(o.runs()).isEqualTo(3);
            assertThat(o.crawlDocuments()).isEqualTo(50);
            assertThat(o.batchSizes()).containsExactly(1, 2, 4, 8, 16);
            assertThat(o.connections()).containsExactly(50, 200, 1000);
            assertThat(o.rates()).containsExactly(1000, 2000, 3000);
            assertThat(o.rateConnections()).isEqualTo(50);
            assertThat(o.latencyScale()).isEqualTo(1);
            assertThat(o.maxInstances()).isEqualTo(3);
            assertThat(o.scalingDocuments()).isEqualTo(150);
            assertThat(o.warmUps()).isEqualTo(3);
            assertThat(o.maxWarmUps()).isEqualTo(20);
            assertThat(o.rejectedDocuments()).isZero();
            assertThat(o.imageDir()).isEqualTo(Path.of("../docs/img"));
            assertThat(o.configurations()).containsExactly(Profile.SLUICE, Profile.SEQUENTIAL, Profile.FOUR_AT_ONCE);
        }

        @Test
        void shouldMeasureOnlyTheChosenConfigurationsOnceEach() {
            BenchOptions o = parse("--configurations", "sluice,FOUR_AT_ONCE,sluice").options();
            assertThat(o.configurations()).containsExactly(Profile.SLUICE, Profile.FOUR_AT_ONCE);
            assertThat(o.sluiceBatching()).as("Sluice's own defaults").isEqualTo(BatchingConfig.DEFAULT);
            assertThat(o.streamsProperties()).isEmpty();
            assertThat(parse("--streams", "num.stream.threads=4", "--streams", "producer.linger.ms=5").options()
                    .streamsProperties()).containsExactlyInAnyOrderEntriesOf(
                            Map.of("num.stream.threads", "4", "producer.linger.ms", "5"));
            BatchingConfig tuned = parse("--linger-ms", "20", "--commit-delay-ms", "60", "--idle-ms", "5").options()
                    .sluiceBatching();
            assertThat(tuned.idle()).isEqualTo(Duration.ofMillis(5));
            assertThat(tuned.linger()).isEqualTo(Duration.ofMillis(20));
            assertThat(tuned.commitDelay()).isEqualTo(Duration.ofMillis(60));
            assertThat(tuned.maxDocuments()).isEqualTo(BatchingConfig.DEFAULT.maxDocuments());
            assertThatThrownBy(() -> parse("--linger-ms", "-1").options())
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--linger-ms");
            assertThatThrownBy(() -> parse("--commit-delay-ms", "-5").options())
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--commit-delay-ms");
            assertThatThrownBy(() -> parse("--idle-ms", "-1").options())
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--idle-ms");
            assertThatThrownBy(() -> parse("--configurations", "fastest"))
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--configurations");
        }

        @Test
        void shouldShortenEverythingInQuickMode() {
            BenchOptions o = parse("all", "--quick", "--runs", "3").options();
            assertThat(o.runs()).isEqualTo(1);
            assertThat(o.warmUps()).isEqualTo(1);
            assertThat(o.maxWarmUps()).isEqualTo(2);
            assertThat(o.crawlDocuments()).isEqualTo(10);
            assertThat(o.batchSizes()).containsExactly(1, 4, 16);
            assertThat(o.instanceDocuments()).isEqualTo(12);
            assertThat(o.scalingDocuments()).isEqualTo(60);
            assertThat(o.gatewayDuration().toSeconds()).isEqualTo(3);
        }

        @Test
        void shouldReadModesListsAndNumbers() {
            Bench bench = parse("GATEWAY", "--connections", "10,20", "--duration", "5", "--latency-scale", "0.1",
                    "--batch-sizes", "2,3", "--rates", "2500", "--rate-connections", "100");
            assertThat(bench.mode).isEqualTo(Bench.Mode.gateway);
            BenchOptions o = bench.options();
            assertThat(o.connections()).containsExactly(10, 20);
            assertThat(o.rates()).containsExactly(2500);
            assertThat(o.rateConnections()).isEqualTo(100);
            assertThat(parse("--rates", "0").options().rates()).isEmpty();
            assertThat(o.gatewayDuration().toSeconds()).isEqualTo(5);
            assertThat(o.latencyScale()).isEqualTo(0.1);
            assertThat(o.batchSizes()).containsExactly(2, 3);
        }

        @Test
        void shouldRefuseUnknownModesAndZeroRuns() {
            assertThatThrownBy(() -> parse("fastest")).isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("MODE");
            assertThatThrownBy(() -> parse("--runs", "0").options())
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("at least 1");
            assertThatThrownBy(() -> parse("real", "--pairs", "0").options())
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("at least 1");
            assertThatThrownBy(() -> parse("--inject-failures", "-1").options())
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--inject-failures");
        }
    }
}
