package dev.sluice.processor.chunk;

import static dev.sluice.processor.chunk.ChunkAssertions.assertNothingLost;
import static dev.sluice.processor.chunk.ChunkAssertions.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.testing.Randoms;
import dev.sluice.processor.text.Block;
import dev.sluice.processor.text.Block.Kind;
import dev.sluice.processor.text.CleanedDocument;
import dev.sluice.processor.text.TextFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * For random and real documents and any valid configuration: no chunk above the limit, none empty, indexes
 * consecutive, the same chunks every time, and nothing of the input lost. Seeded: a failure names seed and try.
 */
class ChunkerPropertiesTest {
    private static final long SEED = 20261129L;
    private static final ModelTokenCounter COUNTER = new ModelTokenCounter();
    private static final List<CleanedDocument> REAL = List.of(TextFixtures.PYTHON_HEAPQ,
            TextFixtures.PYTHON_CONTROLFLOW, TextFixtures.NODE_BUILDING, TextFixtures.BLOG_POST, TextFixtures.CJK,
            TextFixtures.EMOJI).stream().map(TextFixtures::cleaned).toList();
    private static final String[] COMMON = {"the", "index", "chunk", "Kafka", "stream", "heapq", "tokenizer", "don't",
        "e.g.", "3.14", "naïve", "Straße", "(see", "below)"};
    private static final String[] EMOJI = {"👩‍💻", "🇯🇵", "👍🏽", "😀,😀,😀", "👨‍👩‍👧‍👦"};
    private static final String[] SEPARATORS = {" ", " ", " ", ". ", "。", "! ", "\n"};

    @AfterAll
    static void close() {
        COUNTER.close();
    }

    @Test
    void shouldHoldForRandomDocuments() {
        Randoms random = new Randoms(SEED);
        for (int tryNo = 0; tryNo < 100; tryNo++) {
            List<Block> blocks = new ArrayList<>();
            int count = random.between(0, 15);
            for (int i = 0; i < count; i++) blocks.add(block(random));
            check(new CleanedDocument(blocks), config(random), tryNo);
        }
    }

    @Test
    void shouldHoldForRealDocuments() {
        Randoms random = new Randoms(SEED + 1);
        for (int tryNo = 0; tryNo < 30; tryNo++) {
            check(random.pick(REAL), config(random), tryNo);
        }
    }

    private static void check(CleanedDocument document, ChunkingConfig config, int tryNo) {
        try {
            List<Chunk> chunks = new StructureAwareChunker(config, COUNTER).chunk(document);
            assertWellFormed(chunks, config, COUNTER);
            assertNothingLost(document, chunks, config, COUNTER);
            assertThat(new StructureAwareChunker(config, COUNTER).chunk(document)).as("deterministic")
                    .isEqualTo(chunks);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + SEED + ", try " + tryNo + ", " + config + ": " + e.getMessage(), e);
        }
    }

    /** The defaults one time in four, otherwise any valid configuration. */
    private static ChunkingConfig config(Randoms random) {
        if (random.chance(25)) {
            return ChunkingConfig.defaults();
        }
        int max = random.between(ChunkingConfig.MIN_MAX_TOKENS, ChunkingConfig.DEFAULT_MAX_TOKENS);
        return new ChunkingConfig(max, random.between(0, max - 1));
    }

    private static Block block(Randoms random) {
        return switch (random.between(0, 5)) {
            case 0 -> Block.heading(random.between(1, 6), words(random, 1, 6, () -> " "));
            case 1 -> Block.paragraph(prose(random));
            case 2 -> new Block(Kind.LIST_ITEM, random.between(0, 3), prose(random));
            case 3 -> new Block(Kind.QUOTE, 0, prose(random));
            case 4 -> new Block(Kind.TABLE_ROW, 0, prose(random).replace(". ", " | "));
            default -> {
                List<String> lines = new ArrayList<>();
                int n = random.between(1, 20);
                for (int i = 0; i < n; i++) lines.add("    " + words(random, 1, 8, () -> " "));
                yield new Block(Kind.CODE, 0, String.join("\n", lines));
            }
        };
    }

    private static String prose(Randoms random) {
        return words(random, 1, random.chance(20) ? 120 : 30, () -> random.pick(SEPARATORS)).strip();
    }

    private static String words(Randoms random, int min, int max, Supplier<String> separator) {
        StringBuilder text = new StringBuilder();
        int n = random.between(min, max);
        for (int i = 0; i < n; i++) {
            if (i > 0) text.append(separator.get());
            text.append(word(random));
        }
        return text.toString();
    }

    private static String word(Randoms random) {
        // Mostly ordinary words; now and then CJK runs, emoji, one unbroken blob and odd code points.
        return random.weighted(new int[] {40, 12, 3, 3, 1, 2}, List.of(
                () -> random.pick(COMMON),
                () -> random.alphanumeric(1, 15),
                () -> random.chars(1, 30, new char[] {'\u4E00', '\u3040'}, new char[] {'\u4FFF', '\u30FF'}),
                () -> random.pick(EMOJI),
                () -> random.chars(50, random.chance(10) ? 3_000 : 400, new char[] {'!'}, new char[] {'~'}),
                () -> random.chars(1, 20, new char[] {'\u0021'}, new char[] {'\uD7FF'})));
    }
}
