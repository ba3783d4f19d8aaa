package dev.sluice.processor.topology;

import dev.sluice.processor.engine.IndexTargets;
import dev.sluice.processor.index.IndexedChunk;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens the indexes a task writes to. In the embedded mode each input partition has its own Lucene indexes under the
 * task's state directory; with Qdrant the vector store is shared and only BM25 is per partition.
 */
public interface TargetsFactory {

    /**
     * Opens (or creates) the indexes of {@code partition}.
     *
     * @param partition     input partition of the task
     * @param taskDir       the task's own state directory (survives restarts on this machine, absent on a new one)
     * @param appliedOffset the input offset up to which the partition's changelogged state has been applied (-1 if
     *                      none): local indexes committed at an older offset, or missing, are stale
     * @param chunkSource   every chunk the partition holds, from its changelogged chunk store: the source of truth
     *                      from which stale local indexes are rebuilt
     */
    PartitionTargets open(int partition, Path taskDir, long appliedOffset,
            Consumer<Consumer<IndexedChunk>> chunkSource);

    /** The indexes of one partition, closed when its task closes. */
    interface PartitionTargets extends AutoCloseable {
        IndexTargets targets();

        /**
         * Makes local indexes durable up to everything written so far, recording that they reflect the input up to
         * {@code appliedOffset}. Indexes written ahead of the committed Kafka state are harmless: the records behind
         * them are still buffered and are indexed again, to the same result.
         */
        default void commit(long appliedOffset) {}

        @Override
        void close();
    }
}
