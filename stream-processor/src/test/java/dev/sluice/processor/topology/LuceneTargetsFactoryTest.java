package dev.sluice.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.index.ChunkIds;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.processor.index.lucene.LuceneKeywordIndexConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneTargetsFactoryTest {
    @TempDir
    Path taskDir;

    private final LocalPartitions partitions = new LocalPartitions();
    private final LuceneTargetsFactory factory =
            new LuceneTargetsFactory(null, 4, "test-model", LuceneKeywordIndexConfig.defaults(), partitions);

    private static IndexedChunk chunk(String doc, int i, String text) {
        return new IndexedChunk(ChunkIds.of(doc, i), doc, i, "https://example.com/" + doc, "example.com", doc, "",
                "en", text, new float[] {1, i, 0, 0.5f});
    }

    /** What the changelogged chunk store would hand over. */
    private static Consumer<Consumer<IndexedChunk>> source(List<IndexedChunk> chunks) {
        return sink -> chunks.forEach(sink);
    }

    @Test
    void shouldRegisterOpenPartitionsForLocalSearchAndForgetClosedOnes() {
        var opened = factory.open(3, taskDir, -1, source(List.of()));
        assertThat(partitions.snapshot()).containsOnlyKeys(3);
        opened.close();
        assertThat(partitions.snapshot()).isEmpty();
    }

    @Test
    void shouldKeepAnUpToDateIndexAsItIs() {
        var first = factory.open(0, taskDir, -1, source(List.of()));
        first.targets().keywords().upsert("a", List.of(chunk("a", 0, "alpha text").withoutVector()));
        first.targets().vectors().upsert("a", List.of(chunk("a", 0, "alpha text")));
        first.commit(7);
        first.close();

        List<IndexedChunk> differentSource = List.of(chunk("z", 0, "zulu"));
        var second = factory.open(0, taskDir, 7, source(differentSource));

        assertThat(second.targets().keywords().search("alpha", 10, SearchFilter.NONE)).hasSize(1);
        assertThat(second.targets().keywords().search("zulu", 10, SearchFilter.NONE)).isEmpty();
        second.close();
    }

    @Test
    void shouldRebuildAStaleOrMissingIndexFromTheChunkStore() {
        var first = factory.open(0, taskDir, -1, source(List.of()));
        first.targets().keywords().upsert("old", List.of(chunk("old", 0, "obsolete words").withoutVector()));
        first.commit(3);
        first.close();

        List<IndexedChunk> store = List.of(chunk("b", 1, "bravo second"), chunk("b", 0, "bravo first"),
                chunk("c", 0, "charlie"));
        var rebuilt = factory.open(0, taskDir, 9, source(store));

        assertThat(rebuilt.targets().keywords().chunkCount()).isEqualTo(3);
        assertThat(rebuilt.targets().keywords().search("obsolete", 10, SearchFilter.NONE)).isEmpty();
        assertThat(rebuilt.targets().keywords().search("bravo", 10, SearchFilter.NONE)).hasSize(2);
        assertThat(rebuilt.targets().vectors().search(new float[] {1, 0, 0, 0.5f}, 10, SearchFilter.NONE))
                .hasSize(3);
        rebuilt.close();

        // Rebuilt and committed at the changelog's offset: the next open keeps it.
        var again = factory.open(0, taskDir, 9, source(List.of()));
        assertThat(again.targets().keywords().chunkCount()).isEqualTo(3);
        again.close();
    }

    @Test
    void shouldRebuildOnAnInstanceThatNeverHadThePartition() {
        var moved = factory.open(5, taskDir.resolve("new-instance"), 42, source(List.of(chunk("d", 0, "delta"))));
        assertThat(moved.targets().keywords().search("delta", 10, SearchFilter.NONE)).hasSize(1);
        moved.close();
    }
}
