package dev.sluice.processor.reliability;

import dev.sluice.schemas.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line settings of a processor in a reliability test: its broker, topics, identity and the test's budget. */
final class ProcessorArgs {
    private ProcessorArgs() {}

    /**
     * The settings every reliability test shares. Retries are at their defaults (5 attempts): an outage must not use
     * them up. A short session timeout so that a crashed instance's partitions move within seconds.
     */
    static List<String> of(String bootstrapServers, Topics topics, String applicationId, Path stateDir, int port,
            String teiUrl) {
        return new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--sluice.kafka.bootstrap-servers=" + bootstrapServers,
                "--sluice.kafka.state-dir=" + stateDir,
                "--sluice.kafka.application-id=" + applicationId,
                "--sluice.kafka.streams[replication.factor]=1",
                "--sluice.kafka.streams[session.timeout.ms]=6000",
                "--sluice.kafka.streams[heartbeat.interval.ms]=1000",
                "--sluice.topics.documents=" + topics.documents().name(),
                "--sluice.topics.outcomes=" + topics.outcomes().name(),
                "--sluice.topics.dlq=" + topics.deadLetters().name(),
                "--sluice.topics.crawl-events=" + topics.crawlEvents().name(),
                "--sluice.embedding.tei-url=" + teiUrl,
                "--sluice.embedding.request-timeout=15s"));
    }
}
