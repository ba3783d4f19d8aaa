package dev.sluice.processor.topology;

import dev.sluice.processor.engine.IndexTargets;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The partitions this instance owns right now and their indexes: what a local search reads. */
public final class LocalPartitions {
    private final ConcurrentSkipListMap<Integer, IndexTargets> partitions = new ConcurrentSkipListMap<>();

    void add(int partition, IndexTargets targets) {
        partitions.put(partition, targets);
    }

    void remove(int partition, IndexTargets targets) {
        partitions.remove(partition, targets);
    }

    /** A snapshot, by partition. */
    public SortedMap<Integer, IndexTargets> snapshot() {
        return new TreeMap<>(partitions);
    }
}
