package dev.sluice.processor.testing;

import dev.sluice.processor.chunk.Chunk;
import dev.sluice.processor.chunk.Chunker;
import dev.sluice.processor.embed.Embedder;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.KeywordIndex;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.processor.index.VectorStore;
import dev.sluice.processor.text.Block;
import dev.sluice.processor.text.CleanedDocument;
import dev.sluice.processor.text.TextCleaner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Minimal stand-ins for the engine's collaborators, to test the batch indexer's own rules (ordering, retries,
 * isolation, concurrency) in isolation; the real components have their own tests.
 */
public final class TestComponents {
    private TestComponents() {}

    /** Paragraphs of the plain text or markdown, split on blank lines. */
    public static final TextCleaner PARAGRAPHS = doc -> {
        String content = doc.markdown() != null ? doc.markdown() : doc.text() != null ? doc.text() : "";
        List<Block> blocks = new ArrayList<>();
        for (String p : content.split("\n\\s*\n")) {
            if (!p.isBlank()) blocks.add(Block.paragraph(p.strip()));
        }
        return new CleanedDocument(blocks);
    };

    /** One chunk per block. */
    public static final Chunker ONE_CHUNK_PER_BLOCK = doc -> {
        List<Chunk> chunks = new ArrayList<>();
        for (Block b : doc.blocks()) {
            chunks.add(new Chunk(chunks.size(), b.text(), "", b.text().split("\\s+").length));
        }
        return chunks;
    };

    /** Deterministic 8-dimensional unit vectors from the text's bytes; counts calls and texts. */
    public static class CountingEmbedder implements Embedder {
        public final AtomicInteger calls = new AtomicInteger();
        public final AtomicInteger texts = new AtomicInteger();

        @Override
        public List<float[]> embed(List<String> input) {
            calls.incrementAndGet();
            texts.addAndGet(input.size());
            return input.stream().map(CountingEmbedder::vector).toList();
        }

        public static float[] vector(String text) {
            float[] v = new float[8];
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i++) v[i % 8] += bytes[i];
            double norm = 0;
            for (float x : v) norm += x * x;
            norm = Math.sqrt(norm) == 0 ? 1 : Math.sqrt(norm);
            for (int i = 0; i < 8; i++) v[i] /= (float) norm;
            return v;
        }

        @Override
        public int dimension() {
            return 8;
        }

        @Override
        public String modelId() {
            return "counting-test-embedder";
        }
    }

    /** Keeps each document's chunks in memory; serves as both vector store and keyword index. */
    public static class InMemoryIndex implements VectorStore, KeywordIndex {
        public final Map<String, List<IndexedChunk>> documents = new ConcurrentHashMap<>();
        public final AtomicInteger refreshes = new AtomicInteger();

        @Override
        public void upsert(String documentId, List<IndexedChunk> chunks) {
            documents.put(documentId, List.copyOf(chunks));
        }

        @Override
        public void delete(String documentId) {
            documents.remove(documentId);
        }

        @Override
        public List<ScoredChunk> search(float[] vector, int k, SearchFilter filter) {
            return List.of();
        }

        @Override
        public List<ScoredChunk> search(String query, int k, SearchFilter filter) {
            return List.of();
        }

        @Override
        public long chunkCount() {
            return documents.values().stream().mapToLong(List::size).sum();
        }

        @Override
        public long documentCount() {
            return documents.values().stream().filter(chunks -> !chunks.isEmpty()).count();
        }

        @Override
        public void refresh() {
            refreshes.incrementAndGet();
        }

        @Override
        public void close() {}
    }
}
