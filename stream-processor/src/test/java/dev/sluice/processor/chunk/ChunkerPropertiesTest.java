package dev.sluice.processor.chunk;

import static dev.sluice.processor.chunk.ChunkAssertions.assertNothingLost;
import static dev.sluice.processor.chunk.ChunkAssertions.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.text.Block;
import dev.sluice.processor.text.Block.Kind;
import dev.sluice.processor.text.CleanedDocument;
import dev.sluice.processor.text.TextFixtures;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * For random and real documents and any valid configuration: no chunk above the limit, none empty, indexes
 * consecutive, the same chunks every time, and nothing of the input lost.
 */
class ChunkerPropertiesTest {
    private static final ModelTokenCounter COUNTER = new ModelTokenCounter();
    private static final List<CleanedDocument> REAL = List.of(TextFixtures.PYTHON_HEAPQ,
            TextFixtures.PYTHON_CONTROLFLOW, TextFixtures.NODE_BUILDING, TextFixtures.BLOG_POST, TextFixtures.CJK,
            TextFixtures.EMOJI).stream().map(TextFixtures::cleaned).toList();

    @AfterContainer
    static void close() {
        COUNTER.close();
    }

    @Property(tries = 100)
    void shouldHoldForRandomDocuments(@ForAll("documents") CleanedDocument document,
                                      @ForAll("configs") ChunkingConfig config) {
        check(document, config);
    }

    @Property(tries = 30)
    void shouldHoldForRealDocuments(@ForAll("real") CleanedDocument document,
                                    @ForAll("configs") ChunkingConfig config) {
        check(document, config);
    }

    private static void check(CleanedDocument document, ChunkingConfig config) {
        List<Chunk> chunks = new StructureAwareChunker(config, COUNTER).chunk(document);

        assertWellFormed(chunks, config, COUNTER);
        assertNothingLost(document, chunks, config, COUNTER);
        assertThat(new StructureAwareChunker(config, COUNTER).chunk(document)).as("deterministic").isEqualTo(chunks);
    }

    @Provide
    Arbitrary<ChunkingConfig> configs() {
        Arbitrary<ChunkingConfig> any = Arbitraries.integers()
                .between(ChunkingConfig.MIN_MAX_TOKENS, ChunkingConfig.DEFAULT_MAX_TOKENS)
                .flatMap(max -> Arbitraries.integers().between(0, max - 1)
                        .map(overlap -> new ChunkingConfig(max, overlap)));
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(ChunkingConfig.defaults())), Tuple.of(3, any));
    }

    @Provide
    Arbitrary<CleanedDocument> real() {
        return Arbitraries.of(REAL);
    }

    @Provide
    Arbitrary<CleanedDocument> documents() {
        return block().list().ofMaxSize(25).map(CleanedDocument::new);
    }

    private static Arbitrary<Block> block() {
        Arbitrary<String> prose = word().list().ofMinSize(1).ofMaxSize(120).flatMap(words ->
                Arbitraries.of(" ", " ", " ", ". ", "。", "! ", "\n").list().ofSize(words.size()).map(seps -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < words.size(); i++) {
                        text.append(words.get(i)).append(i + 1 < words.size() ? seps.get(i) : "");
                    }
                    return text.toString().strip();
                }));
        Arbitrary<String> code = word().list().ofMinSize(1).ofMaxSize(8)
                .map(words -> "    " + String.join(" ", words)).list().ofMinSize(1).ofMaxSize(40)
                .map(lines -> String.join("\n", lines));
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(1, 6), word().list().ofMinSize(1).ofMaxSize(6))
                        .as((level, words) -> Block.heading(level, String.join(" ", words))),
                prose.map(Block::paragraph),
                Combinators.combine(Arbitraries.integers().between(0, 3), prose)
                        .as((level, text) -> new Block(Kind.LIST_ITEM, level, text)),
                prose.map(text -> new Block(Kind.QUOTE, 0, text)),
                prose.map(text -> new Block(Kind.TABLE_ROW, 0, text.replace(". ", " | "))),
                code.map(text -> new Block(Kind.CODE, 0, text)));
    }

    private static Arbitrary<String> word() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of("the", "index", "chunk", "Kafka", "stream", "heapq",
                        "tokenizer", "don't", "e.g.", "3.14", "naïve", "Straße", "(see", "below)")),
                Tuple.of(4, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(15)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u4E00', '\u4FFF')
                        .withCharRange('\u3040', '\u30FF').ofMinLength(1).ofMaxLength(60)),
                Tuple.of(2, Arbitraries.of("👩‍💻", "🇯🇵", "👍🏽", "😀,😀,😀", "👨‍👩‍👧‍👦")),
                Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMinLength(50)
                        .ofMaxLength(3_000)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0021', '\uD7FF')
                        .ofMinLength(1).ofMaxLength(20)));
    }
}
