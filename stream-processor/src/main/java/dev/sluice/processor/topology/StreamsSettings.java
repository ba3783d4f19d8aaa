package dev.sluice.processor.topology;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings Sluice runs with. Everything under {@code passThrough} (the {@code kafka.streams.*}
 * configuration keys) is applied last, unchanged, so an operator can override any of these.
 *
 * @param applicationId    one per pipeline; every instance with this id shares the partitions
 *                         ({@code kafka.application.id}, default {@code sluice-processor})
 * @param bootstrapServers the Kafka cluster ({@code kafka.bootstrap.servers})
 * @param stateDir         where stores and the per-partition Lucene indexes live ({@code kafka.state.dir}); not under
 *                         the OS temp directory, which may be cleaned
 * @param guarantee        {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param streamThreads    stream threads of this instance ({@code kafka.stream.threads}, default 2)
 * @param applicationServer {@code host:port} of this instance's HTTP server, so that others can route searches to it
 *                         (empty: not reachable)
 * @param passThrough      raw Kafka Streams / client settings
 */
public record StreamsSettings(String applicationId, String bootstrapServers, Path stateDir, String guarantee,
        int streamThreads, String applicationServer, Map<String, String> passThrough) {

    /** Largest record the processor's producer sends (16 MB; {@code producer.max.request.size}). */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    public StreamsSettings {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("kafka.application.id must not be blank");
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers must not be blank");
        }
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) && !StreamsConfig.AT_LEAST_ONCE.equals(guarantee)) {
            throw new IllegalArgumentException("kafka.processing.guarantee must be exactly_once_v2 or at_least_once "
                    + "but was '" + guarantee + "'");
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("kafka.stream.threads must be >= 1 but was " + streamThreads);
        }
        passThrough = passThrough == null ? Map.of() : Map.copyOf(passThrough);
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        // Wall-clock punctuators (linger, collecting finished batches) run between polls: poll briefly.
        p.put(StreamsConfig.POLL_MS_CONFIG, 10);
        // Outcomes do not wait for this interval: the processor asks for a commit as soon as it forwards them. What
        // is left to the interval is committing input offsets and buffered records, which only shortens replays after
        // a crash (the buffer makes them correct anyway). Under exactly-once every commit blocks the stream thread
        // (producer flush, offsets, end of transaction): measured on the 50-document crawl, the 100 ms default made
        // lingered batches wait 90–140 ms more for a commit of just-arrived records to finish.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // A dead letter is the input record plus headers: whatever the documents topic accepted must fit out again.
        // With the client's 1 MB default, a larger record (the topic allows more, or the gateway's 10 MB bodies)
        // failed the stream thread on every restart: a stuck partition. The broker still applies each topic's own
        // max.message.bytes (size sluice.dlq at least like sluice.documents); this must stay below buffer.memory.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_RECORD_BYTES);
        if (applicationServer != null && !applicationServer.isBlank()) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        p.putAll(passThrough);
        return p;
    }
}
