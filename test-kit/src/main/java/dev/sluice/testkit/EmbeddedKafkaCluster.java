package dev.sluice.testkit;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A single in-JVM KRaft broker (real Kafka, combined broker and controller) on a free port. */
final class EmbeddedKafkaCluster implements KafkaCluster, AutoCloseable {
    private final EmbeddedKafkaKraftBroker broker;

    EmbeddedKafkaCluster() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        // Kafka Streams with exactly-once needs these to be satisfiable by one broker.
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("offsets.topic.replication.factor", "1");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
