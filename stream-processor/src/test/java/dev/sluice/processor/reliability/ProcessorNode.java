package dev.sluice.processor.reliability;

import static org.awaitility.Awaitility.await;

import dev.sluice.processor.app.ProcessorApplication;
import dev.sluice.processor.app.StreamsRunner;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The processor application in the test's JVM (its whole Spring context: TEI client, Lucene, Qdrant, metrics).
 * {@link #close()} runs what the JVM's shutdown hook runs on SIGTERM: the context's close.
 */
final class ProcessorNode implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private ProcessorNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the application and waits until its Kafka Streams is RUNNING. */
    static ProcessorNode start(List<String> args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ProcessorApplication.class)
                .registerShutdownHook(false).run(args.toArray(String[]::new));
        ProcessorNode node = new ProcessorNode(context);
        await().atMost(Duration.ofSeconds(90)).until(() -> node.state() == KafkaStreams.State.RUNNING);
        return node;
    }

    KafkaStreams.State state() {
        KafkaStreams streams = context.getBean(StreamsRunner.class).streams();
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The shutdown hook's path: closes the context, and with it Kafka Streams and the indexes. */
    @Override
    public void close() {
        context.close();
    }
}
