package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.chunk.Chunk;
import dev.sluice.processor.chunk.ModelTokenCounter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SeedWorkloadTest {
    private static ModelTokenCounter tokens;
    private static SeedWorkload seed;

    @BeforeAll
    static void load() {
        tokens = new ModelTokenCounter();
        seed = new SeedWorkload(tokens);
    }

    @AfterAll
    static void close() {
        tokens.close();
    }

    @Test
    void shouldCutEveryDocumentIntoTheSeedsTwentyFiveChunksOfNearlyFullLength() {
        List<Workload.Page> pages = seed.pages("test", 150, 0);
        List<List<Chunk>> chunks = seed.chunksOf(pages);

        assertThat(chunks).allSatisfy(c -> assertThat(c).hasSize(25));
        List<Integer> counts = chunks.stream().flatMap(List::stream).map(Chunk::tokenCount).toList();
        assertThat(counts).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(254));
        // the chunks of a document but its last one are nearly full
        assertThat(Percentiles.of(counts, 10)).isGreaterThanOrEqualTo(200);
        assertThat(Percentiles.of(counts, 50)).isBetween(230.0, 254.0);
        assertThat(Percentiles.of(counts, 25)).isGreaterThanOrEqualTo(220);
        assertThat(seed.paragraphs()).isGreaterThan(500);
    }

    @Test
    void shouldGiveEveryRoundNewDocumentsAndTheSameRoundTheSameOnes() {
        List<Workload.Page> a = seed.pages("a", 3, 0);
        List<Workload.Page> again = seed.pages("a", 3, 0);
        List<Workload.Page> b = seed.pages("b", 3, 0);

        assertThat(a).extracting(Workload.Page::url).doesNotContainAnyElementsOf(b.stream().map(Workload.Page::url)
                .toList());
        assertThat(a.getFirst().body()).isEqualTo(again.getFirst().body()).isNotEqualTo(b.getFirst().body());
        assertThat(a.get(0).body()).isNotEqualTo(a.get(1).body());
    }

    @Test
    void shouldMarkTheDocumentsTheModelMustRefuse() {
        List<Workload.Page> pages = seed.pages("rejected", 3, 1);

        assertThat(new String(pages.get(0).body(), StandardCharsets.UTF_8)).contains(LatencyTeiServer.REJECTED_MARKER);
        assertThat(new String(pages.get(1).body(), StandardCharsets.UTF_8))
                .doesNotContain(LatencyTeiServer.REJECTED_MARKER);
    }
}
