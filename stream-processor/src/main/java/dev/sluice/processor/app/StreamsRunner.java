package dev.sluice.processor.app;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the Kafka Streams application for as long as the Spring context: starts it after every bean is ready, closes
 * it first on shutdown (tasks wait a bounded time for their batches; what they drop stays buffered for the next
 * owner). A stream thread that dies of an unexpected error is replaced, so one bad moment does not stop the instance.
 */
public final class StreamsRunner implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    private final Topology topology;
    private final Properties properties;
    private final Duration closeTimeout;
    private volatile KafkaStreams streams;

    public StreamsRunner(Topology topology, Properties properties, Duration closeTimeout) {
        this.topology = topology;
        this.properties = properties;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        KafkaStreams s = new KafkaStreams(topology, properties);
        s.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
        s.start();
        streams = s;
    }

    /**
     * Closes Kafka Streams within the close timeout and leaves the consumer group, so that the other instances take
     * this one's partitions (and redo the batches it handed back) at once rather than after {@code session.timeout.ms}.
     * Kafka Streams stays in the group on close by default, which only helps a member that comes back under the same
     * identity: with static membership ({@code group.instance.id}) it stays.
     */
    @Override
    public synchronized void stop() {
        KafkaStreams s = streams;
        if (s != null) {
            s.close(new KafkaStreams.CloseOptions().timeout(closeTimeout).leaveGroup(!staticMember()));
            streams = null;
        }
    }

    private boolean staticMember() {
        return properties.getProperty("group.instance.id") != null
                || properties.getProperty("main.consumer.group.instance.id") != null;
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The running application, for metadata (routing searches) and state; {@code null} before start. */
    public KafkaStreams streams() {
        return streams;
    }

    /** Closed before the web server stops answering, after which the indexing engine closes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
