package dev.sluice.processor.app;

import dev.sluice.metrics.CrawlTracker;
import dev.sluice.metrics.MetricsDatabase;
import dev.sluice.metrics.MetricsStoreConfig;
import dev.sluice.metrics.OperationMetricsWriter;
import dev.sluice.metrics.RetentionJob;
import dev.sluice.processor.crawl.CrawlTrackingConsumer;
import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.metrics.MicrometerMetricsSink;
import dev.sluice.processor.metrics.PostgresMetricsSink;
import dev.sluice.processor.metrics.ProcessorMeters;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.processor.topology.MetricsSink;
import dev.sluice.processor.topology.MetricsSinks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Monitoring of the processor: Micrometer meters always; with {@code sluice.jdbc-url} (env {@code SLUICE_JDBC_URL})
 * also rows in {@code webhook.operation_metrics}, crawl tracking in {@code webhook.crawl_sessions} and the daily
 * retention job. Without it, a no-op instead of PostgreSQL: nothing is stored and nothing fails.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {
    private static final Logger log = LoggerFactory.getLogger(MetricsConfiguration.class);

    /** PostgreSQL and what writes to it, when configured; closed after the streams have stopped. */
    public record MetricsStorage(Optional<MetricsDatabase> database, Optional<OperationMetricsWriter> writer,
            Optional<RetentionJob> retention) implements AutoCloseable {

        static MetricsStorage none() {
            return new MetricsStorage(Optional.empty(), Optional.empty(), Optional.empty());
        }

        @Override
        public void close() {
            retention.ifPresent(RetentionJob::close);
            writer.ifPresent(OperationMetricsWriter::close); // writes what is queued first
            database.ifPresent(MetricsDatabase::close);
        }
    }

    @Bean(destroyMethod = "close")
    MetricsStorage metricsStorage(ProcessorProperties properties, @Value("${sluice.jdbc-url:}") String jdbcUrl,
            @Value("${sluice.jdbc-user:}") String user, @Value("${sluice.jdbc-password:}") String password) {
        if (jdbcUrl.isBlank()) {
            log.info("No sluice.jdbc-url (SLUICE_JDBC_URL): operation metrics and crawl tracking are not stored");
            return MetricsStorage.none();
        }
        MetricsStoreConfig config = properties.metrics().toConfig(jdbcUrl, user, password);
        MetricsDatabase database = MetricsDatabase.open(config, "sluice-processor-metrics");
        OperationMetricsWriter writer = OperationMetricsWriter.start(database, config);
        RetentionJob retention = new RetentionJob(database, config.retentionDays(), Clock.systemUTC()).scheduleDaily();
        log.info("Operation metrics go to PostgreSQL ({})", config);
        return new MetricsStorage(Optional.of(database), Optional.of(writer), Optional.of(retention));
    }

    @Bean
    MetricsSink metricsSink(MetricsStorage storage, MeterRegistry registry) {
        List<MetricsSink> sinks = new ArrayList<>();
        sinks.add(new MicrometerMetricsSink(registry));
        storage.writer().ifPresent(writer -> sinks.add(new PostgresMetricsSink(writer)));
        return MetricsSinks.all(sinks);
    }

    @Bean
    ProcessorMeters processorMeters(InflightLimiter limiter, StreamsRunner runner, MetricsStorage storage,
            BatchIndexer indexer) {
        return new ProcessorMeters(limiter, runner::streams, storage.writer().orElse(null), indexer.breakers());
    }

    /** Crawl tracking runs from start to stop of the context, beside (not inside) Kafka Streams. */
    @Bean
    SmartLifecycle crawlTracking(ProcessorProperties properties, MetricsStorage storage) {
        return new SmartLifecycle() {
            private CrawlTrackingConsumer consumer;

            @Override
            public synchronized void start() {
                if (!properties.metrics().crawlTracking() || storage.database().isEmpty()) {
                    return;
                }
                ProcessorProperties.Kafka kafka = properties.kafka();
                consumer = new CrawlTrackingConsumer(kafka.bootstrapServers(),
                        kafka.applicationId() + "-crawl-tracker", clientSettings(kafka.streams()),
                        properties.topics().toTopics(), new CrawlTracker(storage.database().get()),
                        Duration.ofSeconds(30)).start();
            }

            @Override
            public synchronized void stop() {
                if (consumer != null) {
                    consumer.close();
                    consumer = null;
                }
            }

            @Override
            public synchronized boolean isRunning() {
                return consumer != null;
            }
        };
    }

    /**
     * The Kafka Streams pass-through settings a plain consumer needs too: security ({@code security.*},
     * {@code sasl.*}, {@code ssl.*}) and anything given with the {@code consumer.} prefix.
     */
    static Map<String, String> clientSettings(Map<String, String> streams) {
        Map<String, String> out = new java.util.HashMap<>();
        streams.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                out.put(key, value);
            } else if (key.startsWith("consumer.")) {
                out.put(key.substring("consumer.".length()), value);
            }
        });
        return out;
    }
}
