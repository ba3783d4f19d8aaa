package dev.sluice.processor.testing;

import dev.sluice.processor.engine.IndexTargets;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.testing.TestComponents.InMemoryIndex;
import dev.sluice.processor.topology.TargetsFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** One in-memory index per partition; remembers what each partition was opened with. */
public final class InMemoryTargets implements TargetsFactory {
    public final Map<Integer, InMemoryIndex> indexes = new ConcurrentHashMap<>();
    public final Map<Integer, Long> openedAtOffset = new ConcurrentHashMap<>();
    public final Map<Integer, Long> committedOffset = new ConcurrentHashMap<>();

    @Override
    public PartitionTargets open(int partition, Path taskDir, long appliedOffset,
            Consumer<Consumer<IndexedChunk>> chunkSource) {
        InMemoryIndex index = indexes.computeIfAbsent(partition, p -> new InMemoryIndex());
        openedAtOffset.put(partition, appliedOffset);
        IndexTargets targets = new IndexTargets(index, index);
        return new PartitionTargets() {
            @Override
            public IndexTargets targets() {
                return targets;
            }

            @Override
            public void commit(long offset) {
                committedOffset.put(partition, offset);
            }

            @Override
            public void close() {}
        };
    }
}
