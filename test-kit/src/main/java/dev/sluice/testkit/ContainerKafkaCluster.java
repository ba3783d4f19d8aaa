package dev.sluice.testkit;

import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka from the official {@code apache/kafka} image through Testcontainers. Only for machines with a Docker engine,
 * selected with {@code -Dsluice.test.kafka=testcontainers}; the in-JVM broker stays the default.
 */
final class ContainerKafkaCluster implements KafkaCluster, AutoCloseable {
    static final String IMAGE = System.getProperty("sluice.test.kafka.image", "apache/kafka:4.1.2");

    private final KafkaContainer container;

    ContainerKafkaCluster() {
        container = new KafkaContainer(IMAGE);
        container.start();
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
