package dev.sluice.processor.app;

import dev.sluice.processor.engine.IndexTargets;
import dev.sluice.processor.metrics.ProcessorMeters;
import dev.sluice.processor.topology.InflightLimiter;
import dev.sluice.processor.topology.LocalPartitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/stats}: what this instance holds and does right now. {@code consumerLag} is the records behind over
 * this instance's input partitions, the same figure as the {@code sluice_consumer_lag} gauge.
 */
@RestController
public class StatsController {
    private final LocalPartitions partitions;
    private final InflightLimiter limiter;
    private final StreamsRunner runner;

    public StatsController(LocalPartitions partitions, InflightLimiter limiter, StreamsRunner runner) {
        this.partitions = partitions;
        this.limiter = limiter;
        this.runner = runner;
    }

    public record PartitionStats(int partition, long documents, long chunks) {}

    public record Stats(String state, long documents, long chunks, List<PartitionStats> partitions,
            int documentsInFlight, long bytesInFlight, double consumerLag) {}

    @GetMapping("/api/stats")
    public Stats stats() {
        List<PartitionStats> perPartition = new ArrayList<>();
        long documents = 0;
        long chunks = 0;
        for (Map.Entry<Integer, IndexTargets> e : partitions.snapshot().entrySet()) {
            PartitionStats p = new PartitionStats(e.getKey(), e.getValue().keywords().documentCount(),
                    e.getValue().keywords().chunkCount());
            perPartition.add(p);
            documents += p.documents();
            chunks += p.chunks();
        }
        KafkaStreams streams = runner.streams();
        return new Stats(streams == null ? "NOT_STARTED" : streams.state().name(), documents, chunks, perPartition,
                limiter.documentsInFlight(), limiter.bytesInFlight(), ProcessorMeters.consumerLag(streams));
    }
}
