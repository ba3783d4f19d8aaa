package dev.sluice.benchmarks;

import dev.sluice.processor.topology.BatchingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code bin/sluice bench} runs, after the command line was read (quick mode already applied).
 *
 * @param runs               measured runs of each reference and scaling scenario (the median is reported)
 * @param warmUps            unmeasured runs at least, before each configuration's measurements (then until the JIT is
 *                           idle)
 * @param maxWarmUps         unmeasured runs at most
 * @param configurations     the configurations of the reference scenarios (Sluice and the two baselines)
 * @param sluiceBatching     Sluice's batching in reference and scaling: its defaults, or with {@code --linger-ms} and
 *                           {@code --commit-delay-ms}
 * @param streamsProperties  Kafka Streams settings for every processor instance of every configuration (after the
 *                           benchmark's own; {@code num.stream.threads}, {@code producer.linger.ms}, ...)
 * @param crawlDocuments     documents of the crawl scenario (50: the reference crawl)
 * @param batchSizes         documents posted at once in the batch-size scenarios
 * @param instanceDocuments  documents of the reference 1/2/3-instance scenarios
 * @param instanceRuns       measured runs of those
 * @param maxInstances       the reference instance scenarios go from 1 to this many instances (3)
 * @param scalingDocuments   documents of each scaling run
 * @param latencyScale       factor on every modelled latency (1: the reference latencies)
 * @param connections        concurrent connections of the gateway load levels
 * @param rates              offered requests/s of the paced gateway levels (latency from when each was due)
 * @param rateConnections    connections of the paced levels
 * @param loadGenerator      what sends the closed-loop gateway load
 * @param gatewayWarmUp      unmeasured load before each level
 * @param gatewayDuration    measured load of each level
 * @param realPages          pages of the real-compute (in-process) efficiency benchmark
 * @param rejectedDocuments  documents of every measured run that the TEI model refuses (a permanent failure): 0, or
 *                           more to check that failures are counted and make the command fail
 * @param outputDir          where the Markdown tables go
 * @param imageDir           where the PNG plots go
 */
record BenchOptions(int runs, int warmUps, int maxWarmUps, List<Profile> configurations, BatchingConfig sluiceBatching,
        Map<String, String> streamsProperties, int crawlDocuments, int[] batchSizes, int instanceDocuments,
        int instanceRuns, int maxInstances, int scalingDocuments, double latencyScale,
        int[] connections, int[] rates, int rateConnections, LoadGenerator loadGenerator,
        Duration gatewayWarmUp, Duration gatewayDuration, int realPages, int rejectedDocuments, Path outputDir,
        Path imageDir) {

    /** The gateway's closed-loop load generator: wrk when it is installed ({@code auto}), or {@link GatewayLoad}. */
    enum LoadGenerator {
        auto, wrk, java;

        LoadGenerator resolve() {
            return this == auto ? (WrkLoad.available() ? wrk : java) : this;
        }
    }
}
