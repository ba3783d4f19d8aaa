package dev.sluice.processor.reliability;

import dev.sluice.schemas.Topics;
import dev.sluice.testkit.KafkaCluster;
import java.time.Duration;
import java.util.Map;

/** Topics of one reliability test on the shared broker, and small helpers the tests share. */
final class ReliabilityTopics {
    static final int PARTITIONS = 6;

    private ReliabilityTopics() {}

    /** Fresh topics: documents in 6 partitions, outcomes 3, dead letters 1, crawl events 1. */
    static Topics create(KafkaCluster kafka) {
        Topics topics = Topics.withNames(Map.of(
                "documents", kafka.uniqueTopic("rel-docs"),
                "outcomes", kafka.uniqueTopic("rel-outcomes"),
                "dlq", kafka.uniqueTopic("rel-dlq"),
                "crawl-events", kafka.uniqueTopic("rel-crawl")));
        kafka.createTopics(PARTITIONS, topics.documents().name());
        kafka.createTopics(3, topics.outcomes().name());
        kafka.createTopics(1, topics.deadLetters().name(), topics.crawlEvents().name());
        return topics;
    }

    /** How long the documents take to arrive: 10 s for 1,000, a minute for 10,000. */
    static Duration feedPeriod() {
        return Duration.ofSeconds(Math.clamp(ReliabilityProfile.DOCUMENTS / 150, 10, 60));
    }
}
