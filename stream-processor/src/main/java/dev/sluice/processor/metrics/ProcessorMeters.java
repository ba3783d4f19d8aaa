package dev.sluice.processor.metrics;

import dev.sluice.metrics.OperationMetricsWriter;
import dev.sluice.processor.engine.ServiceBreakers;
import dev.sluice.processor.topology.InflightLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Gauges of the processor's state: {@code sluice_inflight_documents}, {@code sluice_inflight_bytes},
 * {@code sluice_consumer_lag} (records behind, summed over this instance's input partitions),
 * {@code sluice_service_circuit_open{service="embedding"|"vector-store"}} (1 while the service's circuit breaker is open
 * or probing: documents wait for it instead of failing, and no new batch starts), and — when PostgreSQL
 * metrics are on — {@code sluice_metrics_writer_queued}, {@code sluice_metrics_writer_dropped_total} and
 * {@code sluice_metrics_writer_written_total}.
 */
public final class ProcessorMeters implements MeterBinder {
    private final InflightLimiter limiter;
    private final Supplier<KafkaStreams> streams;
    private final OperationMetricsWriter writer;
    private final ServiceBreakers breakers;

    /** @param writer the PostgreSQL writer, or {@code null} when metrics are not stored */
    public ProcessorMeters(InflightLimiter limiter, Supplier<KafkaStreams> streams, OperationMetricsWriter writer,
            ServiceBreakers breakers) {
        this.breakers = breakers;
        this.limiter = limiter;
        this.streams = streams;
        this.writer = writer;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sluice.inflight.documents", limiter, InflightLimiter::documentsInFlight)
                .description("documents being indexed by this instance").register(registry);
        Gauge.builder("sluice.inflight.bytes", limiter, InflightLimiter::bytesInFlight)
                .description("bytes of documents being indexed by this instance").register(registry);
        Gauge.builder("sluice.consumer.lag", this, m -> consumerLag(m.streams.get()))
                .description("records not yet read, summed over this instance's input partitions").register(registry);
        for (String service : breakers.states().keySet()) {
            Gauge.builder("sluice.service.circuit.open", breakers,
                            b -> b.states().get(service) == CircuitBreaker.State.CLOSED ? 0 : 1)
                    .tag("service", service)
                    .description("1 while the service's circuit breaker is open or probing (documents wait for it)")
                    .register(registry);
        }
        if (writer != null) {
            Gauge.builder("sluice.metrics.writer.queued", writer, OperationMetricsWriter::queued)
                    .description("metrics rows waiting to be written to PostgreSQL").register(registry);
            FunctionCounter.builder("sluice.metrics.writer.dropped", writer, OperationMetricsWriter::dropped)
                    .description("metrics rows dropped (buffer full while PostgreSQL was away)").register(registry);
            FunctionCounter.builder("sluice.metrics.writer.written", writer, OperationMetricsWriter::written)
                    .description("metrics rows written to PostgreSQL").register(registry);
        }
    }

    /** The main consumers' {@code records-lag} over their partitions (restore consumers left out); 0 when unknown. */
    public static double consumerLag(KafkaStreams streams) {
        if (streams == null) {
            return 0;
        }
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && name.tags().containsKey("partition")
                    && !name.tags().getOrDefault("client-id", "").contains("restore-consumer")
                    && e.getValue().metricValue() instanceof Double d && !d.isNaN()) {
                lag += d;
            }
        }
        return lag;
    }
}
