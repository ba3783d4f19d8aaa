package dev.sluice.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one Kafka cluster for the whole test run, on first use, and injects it as {@link KafkaCluster}. Tests share
 * it and keep apart by topic names ({@link KafkaCluster#uniqueTopic(String)}).
 *
 * <p>System property {@code sluice.test.kafka}: {@code embedded} (default, in-JVM KRaft) or {@code testcontainers}.
 */
public final class KafkaExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("cluster", key -> start(), AutoCloseable.class);
    }

    private static AutoCloseable start() {
        String kind = System.getProperty("sluice.test.kafka", "embedded");
        return switch (kind) {
            case "embedded" -> new EmbeddedKafkaCluster();
            case "testcontainers" -> new ContainerKafkaCluster();
            default -> throw new IllegalArgumentException(
                    "sluice.test.kafka must be 'embedded' or 'testcontainers' but was '" + kind + "'");
        };
    }
}
