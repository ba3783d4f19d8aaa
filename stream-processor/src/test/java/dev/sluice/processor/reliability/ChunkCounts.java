package dev.sluice.processor.reliability;

import dev.sluice.processor.index.qdrant.FakeQdrantServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * What an index holds, per document: how many chunks, and which chunk ids occur more than once. Read from the
 * indexes themselves (the committed Lucene indexes of every partition, or the points of a Qdrant), not from the
 * processor's own bookkeeping.
 *
 * @param byDocument      document id → chunks stored for it
 * @param duplicateChunks chunk ids stored more than once
 * @param source          where the counts come from, for messages
 */
public record ChunkCounts(Map<String, Integer> byDocument, List<String> duplicateChunks, String source) {
    private static final String APPLIED_OFFSET = "sluice.applied.offset";

    public long total() {
        return byDocument.values().stream().mapToLong(Integer::longValue).sum();
    }

    /**
     * The committed Lucene index {@code kind} ({@code bm25} or {@code vectors}) of every partition of application
     * {@code applicationId}, found under the state directories of all its instances. A partition that has lived on
     * several instances has a copy on each; the one that reflects the highest input offset is the current one (only
     * the owner advances it). Read after the instances closed, so that every index is committed.
     */
    public static ChunkCounts fromLucene(List<Path> stateDirs, String applicationId, String kind) {
        Map<Integer, Path> current = new TreeMap<>();
        Map<Integer, Long> currentOffset = new HashMap<>();
        for (Path stateDir : stateDirs) {
            Path appDir = stateDir.resolve(applicationId);
            if (!Files.isDirectory(appDir)) {
                continue;
            }
            try (Stream<Path> tasks = Files.list(appDir)) {
                for (Path task : tasks.filter(p -> p.getFileName().toString().matches("\\d+_\\d+")).toList()) {
                    Path index = task.resolve("lucene").resolve(kind);
                    if (!Files.isDirectory(index)) {
                        continue;
                    }
                    int partition = Integer.parseInt(task.getFileName().toString().split("_")[1]);
                    long offset = appliedOffset(index);
                    if (offset > currentOffset.getOrDefault(partition, Long.MIN_VALUE)) {
                        current.put(partition, index);
                        currentOffset.put(partition, offset);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Integer> byDocument = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        Set<String> chunkIds = new HashSet<>();
        for (Path index : current.values()) {
            read(index, byDocument, chunkIds, duplicates);
        }
        return new ChunkCounts(byDocument, duplicates, "Lucene " + kind + " of partitions " + current.keySet());
    }

    /** The points of {@code collection} in a fake Qdrant, by their {@code document_id} payload. */
    public static ChunkCounts fromQdrant(FakeQdrantServer qdrant, String collection) {
        Map<String, Integer> byDocument = new HashMap<>();
        qdrant.points(collection).values().forEach(p -> byDocument.merge(
                p.payload().get("document_id").getStringValue(), 1, Integer::sum));
        // Point ids are the map's keys: a duplicate cannot be stored, only a leftover (counted per document).
        return new ChunkCounts(byDocument, List.of(), "Qdrant collection " + collection);
    }

    private static long appliedOffset(Path index) {
        try (Directory dir = FSDirectory.open(index); DirectoryReader reader = DirectoryReader.open(dir)) {
            String value = reader.getIndexCommit().getUserData().get(APPLIED_OFFSET);
            return value == null ? -1 : Long.parseLong(value);
        } catch (IOException e) {
            return Long.MIN_VALUE + 1; // never committed
        }
    }

    private static void read(Path index, Map<String, Integer> byDocument, Set<String> chunkIds,
            List<String> duplicates) {
        try (Directory dir = FSDirectory.open(index); DirectoryReader reader = DirectoryReader.open(dir)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                LeafReader r = leaf.reader();
                Bits live = r.getLiveDocs();
                StoredFields stored = r.storedFields();
                for (int doc = 0; doc < r.maxDoc(); doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    Document d = stored.document(doc);
                    byDocument.merge(d.get("document_id"), 1, Integer::sum);
                    if (!chunkIds.add(d.get("chunk_id"))) {
                        duplicates.add(d.get("chunk_id"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index in " + index, e);
        }
    }
}
