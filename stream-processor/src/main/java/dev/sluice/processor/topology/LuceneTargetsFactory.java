package dev.sluice.processor.topology;

import dev.sluice.processor.engine.IndexTargets;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.processor.index.lucene.LuceneKeywordIndex;
import dev.sluice.processor.index.lucene.LuceneKeywordIndexConfig;
import dev.sluice.processor.index.lucene.LuceneVectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each partition's BM25 index (and, without a shared vector store, its HNSW index) in Lucene under the task's state
 * directory. Each commit records the input offset the index reflects; when a task opens with a changelogged state
 * further ahead than its local index (a crash, or a partition that moved here from another instance), the local index
 * is rebuilt from the changelogged chunk store — the source of truth — so search stays complete after a rebalance.
 */
public final class LuceneTargetsFactory implements TargetsFactory {
    private static final Logger log = LoggerFactory.getLogger(LuceneTargetsFactory.class);
    static final String APPLIED_OFFSET = "sluice.applied.offset";

    private final VectorStore sharedVectors;
    private final int dimension;
    private final String modelId;
    private final LuceneKeywordIndexConfig keywordConfig;
    private final LocalPartitions partitions;

    /**
     * @param sharedVectors the vector store shared by all partitions (Qdrant), or {@code null} for a Lucene HNSW index
     *                      per partition
     * @param dimension     the embedder's dimension (for per-partition vector indexes)
     * @param modelId       the embedder's model id (an index made by another model is refused)
     * @param keywordConfig BM25 settings
     * @param partitions    where open partitions are registered for local search
     */
    public LuceneTargetsFactory(VectorStore sharedVectors, int dimension, String modelId,
            LuceneKeywordIndexConfig keywordConfig, LocalPartitions partitions) {
        this.sharedVectors = sharedVectors;
        this.dimension = dimension;
        this.modelId = modelId;
        this.keywordConfig = keywordConfig;
        this.partitions = partitions;
    }

    @Override
    public PartitionTargets open(int partition, Path taskDir, long appliedOffset,
            Consumer<Consumer<IndexedChunk>> chunkSource) {
        Path root = taskDir.resolve("lucene");
        Local local = openLocal(root);
        if (local.isStale(appliedOffset)) {
            log.info("Partition {}: local indexes reflect offset {} but the changelog is at {}; rebuilding from the "
                    + "chunk store", partition, local.committedOffset(), appliedOffset);
            local.close();
            deleteRecursively(root);
            local = openLocal(root);
            int chunks = local.rebuild(chunkSource);
            local.commit(appliedOffset);
            log.info("Partition {}: rebuilt {} chunks", partition, chunks);
        }
        Local opened = local;
        IndexTargets targets = new IndexTargets(opened.vectors(), opened.keywords);
        partitions.add(partition, targets);
        return new PartitionTargets() {
            @Override
            public IndexTargets targets() {
                return targets;
            }

            @Override
            public void commit(long offset) {
                opened.commit(offset);
            }

            @Override
            public void close() {
                partitions.remove(partition, targets);
                opened.close();
            }
        };
    }

    private Local openLocal(Path root) {
        LuceneKeywordIndex keywords = new LuceneKeywordIndex(root.resolve("bm25"), keywordConfig);
        LuceneVectorStore vectors = sharedVectors != null ? null
                : new LuceneVectorStore(root.resolve("vectors"), dimension, modelId);
        return new Local(keywords, vectors);
    }

    private final class Local {
        final LuceneKeywordIndex keywords;
        final LuceneVectorStore localVectors;

        Local(LuceneKeywordIndex keywords, LuceneVectorStore localVectors) {
            this.keywords = keywords;
            this.localVectors = localVectors;
        }

        VectorStore vectors() {
            return localVectors != null ? localVectors : sharedVectors;
        }

        long committedOffset() {
            long offset = offset(keywords.committedValue(APPLIED_OFFSET));
            return localVectors == null ? offset : Math.min(offset, offset(localVectors.committedValue(APPLIED_OFFSET)));
        }

        /** Behind the changelog: it misses writes Kafka has committed. (Ahead is harmless: those are redone.) */
        boolean isStale(long appliedOffset) {
            return committedOffset() < appliedOffset;
        }

        int rebuild(Consumer<Consumer<IndexedChunk>> chunkSource) {
            Map<String, List<IndexedChunk>> byDocument = new HashMap<>();
            chunkSource.accept(chunk -> byDocument.computeIfAbsent(chunk.documentId(), d -> new ArrayList<>())
                    .add(chunk));
            int count = 0;
            for (var entry : byDocument.entrySet()) {
                List<IndexedChunk> chunks = entry.getValue();
                chunks.sort(Comparator.comparingInt(IndexedChunk::chunkIndex));
                if (localVectors != null) {
                    localVectors.upsert(entry.getKey(), chunks);
                }
                keywords.upsert(entry.getKey(), chunks.stream().map(IndexedChunk::withoutVector).toList());
                count += chunks.size();
            }
            keywords.refresh();
            return count;
        }

        void commit(long offset) {
            keywords.commit(APPLIED_OFFSET, Long.toString(offset));
            if (localVectors != null) {
                localVectors.commit(APPLIED_OFFSET, Long.toString(offset));
            }
        }

        void close() {
            keywords.close();
            if (localVectors != null) {
                localVectors.close();
            }
        }
    }

    private static long offset(String value) {
        return value == null ? -1 : Long.parseLong(value);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete stale index " + root, e);
        }
    }
}
