package dev.sluice.processor.chunk;

import static dev.sluice.processor.chunk.ChunkAssertions.assertNothingLost;
import static dev.sluice.processor.chunk.ChunkAssertions.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.text.Block;
import dev.sluice.processor.text.Block.Kind;
import dev.sluice.processor.text.CleanedDocument;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.processor.text.TextFixtures;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StructureAwareChunkerTest {
    private static final ChunkingConfig DEFAULTS = ChunkingConfig.defaults();
    private static ModelTokenCounter counter;

    @BeforeAll
    static void load() {
        counter = new ModelTokenCounter();
    }

    @AfterAll
    static void close() {
        counter.close();
    }

    private static List<Chunk> chunk(CleanedDocument document, ChunkingConfig config) {
        List<Chunk> chunks = new StructureAwareChunker(config, counter).chunk(document);
        assertWellFormed(chunks, config, counter);
        assertNothingLost(document, chunks, config, counter);
        return chunks;
    }

    private static CleanedDocument doc(Block... blocks) {
        return new CleanedDocument(List.of(blocks));
    }

    /** Distinct English sentences of 12–13 tokens each, numbered so that none repeats. */
    private static String sentences(String topic, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> "Sentence " + i + " about " + topic + " explains one more detail of the setup.")
                .collect(Collectors.joining(" "));
    }

    /** Where the next chunk repeats the end of this one: the longest suffix of {@code a} that starts {@code b}. */
    private static String overlap(Chunk a, Chunk b) {
        for (int length = Math.min(a.text().length(), b.text().length()); length > 0; length--) {
            if (a.text().endsWith(b.text().substring(0, length))) {
                return b.text().substring(0, length);
            }
        }
        return "";
    }

    @Nested
    class HeadingPaths {
        @Test
        void shouldGiveEachChunkThePathOfTheSectionItStartsIn() {
            String body = sentences("the section", 12); // about 150 tokens: two sections never share a chunk
            CleanedDocument document = doc(
                    Block.paragraph("Before any heading. " + body),
                    Block.heading(1, "Install"), Block.paragraph(body),
                    Block.heading(2, "Linux"), Block.paragraph(body),
                    Block.heading(2, "macOS"), Block.paragraph(body),
                    Block.heading(4, "Homebrew"), Block.paragraph(body),
                    Block.heading(3, "Ports"), Block.paragraph(body),
                    Block.heading(1, "Usage"), Block.paragraph(body));

            List<Chunk> chunks = chunk(document, DEFAULTS);

            assertThat(chunks).extracting(Chunk::headingPath).containsExactly(
                    "", "Install", "Install > Linux", "Install > macOS", "Install > macOS > Homebrew",
                    "Install > macOS > Ports", "Usage");
            assertThat(chunks.get(2).text()).startsWith("Linux\n\nSentence 1 about");
        }

        @Test
        void shouldFileAChunkStartingWithAnEmptySectionUnderTheSectionItLeadsTo() {
            List<Chunk> chunks = chunk(doc(Block.heading(1, "Install"), Block.heading(2, "Linux"),
                    Block.paragraph("Run the installer.")), DEFAULTS);

            assertThat(chunks).singleElement().satisfies(c -> {
                assertThat(c.headingPath()).isEqualTo("Install > Linux");
                assertThat(c.text()).isEqualTo("Install\n\nLinux\n\nRun the installer.");
            });
        }

        @Test
        void shouldNotLeaveAHeadingWithNothingUnderItAtTheEndOfAChunk() {
            CleanedDocument document = doc(
                    Block.heading(1, "Intro"), Block.paragraph(sentences("the intro", 15)),
                    Block.heading(1, "Install"),
                    Block.heading(2, "Linux"), Block.paragraph(sentences("linux", 10)));

            List<Chunk> chunks = chunk(document, DEFAULTS);

            assertThat(chunks).hasSize(2);
            assertThat(chunks.get(0).text()).endsWith("setup.");
            assertThat(chunks.get(1).text()).startsWith("Install\n\nLinux\n\nSentence 1 about linux");
            assertThat(chunks.get(1).headingPath()).isEqualTo("Install > Linux");
        }
    }

    @Nested
    class Sections {
        @Test
        void shouldPackShortSectionsTogetherAndNeverSplitASectionThatFitsAChunk() {
            List<Block> blocks = new ArrayList<>();
            for (int q = 1; q <= 12; q++) {
                blocks.add(Block.heading(2, "Question " + q));
                blocks.add(Block.paragraph(sentences("answer " + q, 1 + q % 4)));
            }
            CleanedDocument document = new CleanedDocument(blocks);

            List<Chunk> chunks = chunk(document, DEFAULTS);

            assertThat(chunks.size()).isLessThan(12).isGreaterThan(1);
            for (int q = 1; q <= 12; q++) {
                String section = "Question " + q + "\n\n" + sentences("answer " + q, 1 + q % 4);
                assertThat(chunks).as("a chunk holding section %d whole", q)
                        .anySatisfy(c -> assertThat(c.text()).contains(section));
            }
            assertThat(chunks).allSatisfy(c -> assertThat(c.text()).startsWith("Question "));
            assertThat(chunks).allSatisfy(c -> assertThat(c.headingPath()).isEqualTo(c.text().lines().findFirst().orElseThrow()));
        }

        @Test
        void shouldNotOverlapAcrossSections() {
            CleanedDocument document = doc(
                    Block.heading(1, "First"), Block.paragraph(sentences("first", 15)),
                    Block.heading(1, "Second"), Block.paragraph(sentences("second", 15)));

            List<Chunk> chunks = chunk(document, DEFAULTS);

            Chunk firstOfSecond = chunks.stream().filter(c -> c.headingPath().equals("Second")).findFirst().orElseThrow();
            assertThat(firstOfSecond.text()).startsWith("Second\n\nSentence 1 about second");
            assertThat(firstOfSecond.text()).doesNotContain("about first");
        }
    }

    @Nested
    class Overlap {
        @Test
        void shouldRepeatTheLastWholeSentencesOfAChunkWhenASectionContinues() {
            CleanedDocument document = doc(Block.heading(1, "Long"), Block.paragraph(sentences("overlap", 60)));

            List<Chunk> chunks = chunk(document, DEFAULTS);

            assertThat(chunks).hasSizeGreaterThan(3).allSatisfy(c -> assertThat(c.headingPath()).isEqualTo("Long"));
            for (int i = 0; i + 1 < chunks.size(); i++) {
                String repeated = overlap(chunks.get(i), chunks.get(i + 1));
                assertThat(repeated).as("overlap %d", i).startsWith("Sentence ").endsWith("setup.");
                assertThat(counter.count(repeated)).isBetween(20, DEFAULTS.overlapTokens());
            }
        }

        @Test
        void shouldRepeatNothingWhenOverlapIsOff() {
            CleanedDocument document = doc(Block.paragraph(sentences("no overlap", 60)));

            List<Chunk> chunks = chunk(document, new ChunkingConfig(100, 0));

            String joined = chunks.stream().map(Chunk::text).collect(Collectors.joining(" "));
            assertThat(joined).isEqualTo(sentences("no overlap", 60));
        }

        @Test
        void shouldTakeWordsWhenTheLastSentenceIsLongerThanTheOverlap() {
            String longSentence = IntStream.range(0, 400).mapToObj(i -> "word" + i)
                    .collect(Collectors.joining(" ")) + ".";

            List<Chunk> chunks = chunk(doc(Block.paragraph(longSentence)), DEFAULTS);

            assertThat(chunks).hasSizeGreaterThan(1);
            String repeated = overlap(chunks.get(0), chunks.get(1));
            assertThat(counter.count(repeated)).isBetween(1, DEFAULTS.overlapTokens());
            assertThat(longSentence).contains(" " + repeated + " ");
        }
    }

    @Nested
    class Splitting {
        @Test
        void shouldSplitASentenceWithoutPunctuationAtWordBoundaries() {
            List<String> words = IntStream.range(0, 700).mapToObj(i -> "term" + i).toList();

            List<Chunk> chunks = chunk(doc(Block.paragraph(String.join(" ", words))), DEFAULTS);

            assertThat(chunks).hasSizeGreaterThan(2);
            assertThat(chunks).allSatisfy(c -> assertThat(words).containsAll(List.of(c.text().split(" "))));
        }

        @Test
        void shouldSplitAGiantWordIntoRunsOfCharacters() {
            byte[] bytes = new byte[15_000];
            new Random(3).nextBytes(bytes);
            String blob = Base64.getEncoder().encodeToString(bytes);

            List<Chunk> chunks = chunk(doc(Block.paragraph(blob)), new ChunkingConfig(DEFAULTS.maxTokens(), 0));

            assertThat(chunks).hasSizeGreaterThan(10);
            assertThat(chunks.stream().map(Chunk::text).collect(Collectors.joining())).isEqualTo(blob);
        }

        @Test
        void shouldNeverCutAnEmojiSequence() {
            String family = "👨‍👩‍👧‍👦";
            String run = (family + ",").repeat(300); // one "word" of 600 tokens: split into runs of characters

            List<Chunk> chunks = chunk(doc(Block.paragraph(run)), new ChunkingConfig(16, 0));

            assertThat(chunks).hasSizeGreaterThan(30).allSatisfy(c -> {
                BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
                clusters.setText(c.text());
                for (int from = clusters.first(), to = clusters.next(); to != BreakIterator.DONE;
                     from = to, to = clusters.next()) {
                    assertThat(c.text().substring(from, to)).isIn(family, ",");
                }
            });
        }

        @Test
        void shouldSplitCodeBetweenLines() {
            List<String> lines = IntStream.range(0, 120)
                    .mapToObj(i -> (i % 3 == 0 ? "" : "    ") + "total_" + i + " = compute(total_" + (i - 1) + ", " + i + ")")
                    .toList();
            String code = String.join("\n", lines);

            List<Chunk> chunks = chunk(doc(Block.heading(2, "Example"), new Block(Kind.CODE, 0, code)), DEFAULTS);

            assertThat(chunks).hasSizeGreaterThan(3);
            for (Chunk c : chunks) {
                assertThat(c.text().lines().filter(l -> !l.equals("Example") && !l.isEmpty()).toList())
                        .isSubsetOf(lines);
            }
        }

        @Test
        void shouldSplitCjkTextAtItsSentenceEnds() {
            CleanedDocument document = TextFixtures.cleaned(TextFixtures.CJK);
            ChunkingConfig small = new ChunkingConfig(64, 10);

            List<Chunk> chunks = chunk(document, small);

            assertThat(chunks).hasSizeGreaterThan(document.blocks().size() / 2);
            assertThat(chunks).filteredOn(c -> c.headingPath().equals("堆队列算法"))
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.text()).matches("(?s).*[。！？]"));
            assertThat(chunks).extracting(Chunk::headingPath)
                    .contains("ヒープキューアルゴリズム", "ヒープキューアルゴリズム > 使い方", "堆队列算法 > 한국어 요약");
        }
    }

    @Nested
    class RealPages {
        @Test
        void shouldChunkRealPages() {
            for (String name : List.of(TextFixtures.PYTHON_HEAPQ, TextFixtures.PYTHON_CONTROLFLOW,
                    TextFixtures.NODE_BUILDING, TextFixtures.BLOG_POST, TextFixtures.EMOJI)) {
                CleanedDocument document = TextFixtures.cleaned(name);

                List<Chunk> chunks = chunk(document, DEFAULTS);

                assertThat(chunks).as(name).isNotEmpty();
                assertThat(chunks.getFirst().text()).as(name).startsWith(document.blocks().getFirst().text());
            }
        }

        @Test
        void shouldKeepHeadingPathsOfARealPage() {
            List<Chunk> chunks = chunk(TextFixtures.cleaned(TextFixtures.PYTHON_HEAPQ), DEFAULTS);

            assertThat(chunks).extracting(Chunk::headingPath).containsSubsequence(
                    "heapq — Heap queue algorithm",
                    "heapq — Heap queue algorithm > Basic Examples",
                    "heapq — Heap queue algorithm > Priority Queue Implementation Notes",
                    "heapq — Heap queue algorithm > Theory");
            assertThat(chunks).filteredOn(c -> c.headingPath().endsWith("Basic Examples")).first()
                    .extracting(Chunk::text).asString().contains(">>> def heapsort(iterable):\n...     h = []\n");
        }

        @Test
        void shouldChunkAOneMegabytePage() {
            CleanedDocument document = new StructuredTextCleaner()
                    .clean(TextFixtures.html(TextFixtures.bigHtmlPage(1 << 20)));

            List<Chunk> chunks = chunk(document, DEFAULTS);

            assertThat(chunks).hasSizeGreaterThan(300);
            assertThat(chunks).extracting(Chunk::headingPath)
                    .contains("4. More Control Flow Tools", "4. More Control Flow Tools > 4.6. match Statements");
            assertThat(chunks).anySatisfy(c -> assertThat(c.text()).startsWith("Copy 9\n\n4. More Control Flow Tools"));
        }
    }

    @Nested
    class EdgeCases {
        @Test
        void shouldGiveNoChunkForAnEmptyDocument() {
            assertThat(chunk(new CleanedDocument(List.of()), DEFAULTS)).isEmpty();
        }

        @Test
        void shouldSkipBlankBlocksAndChunksWithoutAnyToken() {
            // the cleaner gives neither, but a Chunker takes any CleanedDocument
            CleanedDocument document = doc(Block.paragraph("  "), Block.heading(1, ""), Block.paragraph("\u200B"));

            assertThat(chunk(document, DEFAULTS)).isEmpty();
        }

        @Test
        void shouldBeDeterministic() {
            CleanedDocument document = TextFixtures.cleaned(TextFixtures.PYTHON_CONTROLFLOW);
            List<Chunk> first = chunk(document, DEFAULTS);

            try (ModelTokenCounter cold = new ModelTokenCounter(0)) {
                assertThat(new StructureAwareChunker(DEFAULTS, cold).chunk(document)).isEqualTo(first);
            }
            assertThat(chunk(document, DEFAULTS)).isEqualTo(first);
        }
    }
}
