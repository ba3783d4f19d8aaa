package dev.sluice.processor.topology;

import dev.sluice.processor.engine.DocumentState;
import dev.sluice.processor.engine.IndexResult;
import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.IndexedChunk;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A partition's changelogged record of what is indexed: each document's state (content hash, chunk count) and every
 * chunk (from which the local indexes are rebuilt). Kept in step with the outcomes, in the same transaction.
 */
final class DocumentStores {
    private final KeyValueStore<String, DocumentState> documents;
    private final KeyValueStore<String, IndexedChunk> chunks;

    DocumentStores(KeyValueStore<String, DocumentState> documents, KeyValueStore<String, IndexedChunk> chunks) {
        this.documents = documents;
        this.chunks = chunks;
    }

    /** The indexed version of a document, or {@code null}. */
    DocumentState state(String documentId) {
        return documents.get(documentId);
    }

    /** Every stored chunk, for rebuilding an index. */
    void forEachChunk(Consumer<IndexedChunk> sink) {
        try (KeyValueIterator<String, IndexedChunk> all = chunks.all()) {
            all.forEachRemaining(kv -> sink.accept(kv.value));
        }
    }

    /**
     * Records a document's outcome: an indexed version replaces its chunks (those past the new count deleted), a
     * delete removes them all; unchanged and failed documents keep what they had.
     */
    void apply(String documentId, IndexResult result) {
        DocumentState before = documents.get(documentId);
        int previousChunks = before == null ? 0 : before.chunkCount();
        switch (result.status()) {
            case INDEXED -> {
                for (IndexedChunk chunk : result.chunks()) {
                    chunks.put(chunk.chunkId(), chunk);
                }
                deleteChunks(documentId, result.chunks().size(), previousChunks);
                documents.put(documentId, result.state());
            }
            case DELETED -> {
                deleteChunks(documentId, 0, previousChunks);
                documents.delete(documentId);
            }
            case UNCHANGED, FAILED -> { }
        }
    }

    private void deleteChunks(String documentId, int from, int to) {
        for (int i = from; i < to; i++) {
            chunks.delete(ChunkIds.of(documentId, i));
        }
    }
}
