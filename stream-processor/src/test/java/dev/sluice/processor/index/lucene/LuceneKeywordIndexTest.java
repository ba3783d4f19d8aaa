package dev.sluice.processor.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import dev.sluice.schemas.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LuceneKeywordIndexTest {

    @TempDir
    Path dir;

    LuceneKeywordIndex index;

    @BeforeEach
    void open() {
        index = new LuceneKeywordIndex(dir);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private void put(TestDocument doc, String... texts) {
        index.upsert(doc.id(), doc.chunks(texts));
        index.refresh();
    }

    private List<String> documentIds(String query) {
        return documentIds(query, SearchFilter.NONE);
    }

    private List<String> documentIds(String query, SearchFilter filter) {
        return index.search(query, 10, filter).stream().map(hit -> hit.chunk().documentId()).toList();
    }

    private void putPythonDocs() {
        put(TestDocument.of("install").title("Installing Python").headingPath("Setup > Linux"),
                "Python is installed with the system package manager. Run apt install python3 to get it.");
        put(TestDocument.of("venv").title("Virtual environments"),
                "A virtual environment keeps the packages of each project apart. Create one with python -m venv.");
        put(TestDocument.of("tests").title("Unit testing"),
                "The unittest module runs tests and reports failures.");
    }

    @Nested
    class Analysis {
        @Test
        void shouldFindByStemmedWords() {
            putPythonDocs();

            assertThat(documentIds("installing")).containsExactly("install");
            assertThat(documentIds("environment")).containsExactly("venv");
            assertThat(documentIds("failure")).containsExactly("tests");
        }

        @Test
        void shouldIgnoreCaseAndPossessives() {
            putPythonDocs();

            assertThat(documentIds("PROJECT'S PACKAGES")).startsWith("venv");
        }

        @Test
        void shouldRankChunksMatchingMoreQueryTermsHigher() {
            putPythonDocs();

            assertThat(documentIds("python virtual environment")).first().isEqualTo("venv");
        }

        @Test
        void shouldFindNothingForStopWordsOnly() {
            putPythonDocs();

            assertThat(index.search("the and of it", 10, SearchFilter.NONE)).isEmpty();
        }

        @Test
        void shouldSeeEveryWriteThatReturnedWithoutAnExplicitRefresh() {
            index.upsert("first", TestDocument.of("first").chunks("Install the package with pip."));
            assertThat(index.search("pip", 10, SearchFilter.NONE)).hasSize(1);

            index.upsert("second", TestDocument.of("second").chunks("Upgrade pip before installing."));
            assertThat(index.search("pip", 10, SearchFilter.NONE)).hasSize(2);
            assertThat(index.documentCount()).isEqualTo(2);

            index.delete("first");
            assertThat(index.search("pip", 10, SearchFilter.NONE)).hasSize(1);
            assertThat(index.chunkCount()).isEqualTo(1);
        }

        @Test
        void shouldReturnEveryStoredFieldOfTheChunk() {
            List<IndexedChunk> chunks = TestDocument.of("install").title("Installing Python")
                    .headingPath("Setup > Linux").url("https://docs.example.org/setup/linux")
                    .chunks("First part.", "Run apt install python3.");
            index.upsert("install", chunks);
            index.refresh();

            List<ScoredChunk> hits = index.search("apt", 10, SearchFilter.NONE);

            assertThat(hits).hasSize(1);
            assertThat(hits.getFirst().chunk()).isEqualTo(chunks.get(1));
            assertThat(hits.getFirst().score()).isPositive();
        }
    }

    @Nested
    class TitleAndHeadings {
        @Test
        void shouldFindByTitleAlone() {
            put(TestDocument.of("gc").title("Garbage collection"), "Memory is reclaimed automatically.");

            assertThat(documentIds("garbage")).containsExactly("gc");
        }

        @Test
        void shouldFindByHeadingPathAlone() {
            put(TestDocument.of("linux").headingPath("Install > Linux"), "Use the package manager.");

            assertThat(documentIds("linux")).containsExactly("linux");
        }

        @Test
        void shouldRankTitleMatchAboveSameTextWithoutIt() {
            put(TestDocument.of("plain").title("Storage notes"), "The cache stores recent answers.");
            put(TestDocument.of("titled").title("Cache"), "The cache stores recent answers.");

            assertThat(documentIds("cache")).containsExactly("titled", "plain");
        }

        @Test
        void shouldRankHeadingMatchAboveSameTextWithoutIt() {
            put(TestDocument.of("plain").headingPath("Notes"), "The cache stores recent answers.");
            put(TestDocument.of("headed").headingPath("Design > Cache"), "The cache stores recent answers.");

            assertThat(documentIds("cache")).containsExactly("headed", "plain");
        }

        @Test
        void shouldStillLetTheTextDecideBetweenChunksOfOneTitledDocument() {
            put(TestDocument.of("guide").title("Python guide"),
                    "Lists keep items in order.", "Python dictionaries map keys to values; dictionaries are fast.");

            List<ScoredChunk> hits = index.search("python dictionaries", 10, SearchFilter.NONE);

            assertThat(hits).extracting(hit -> hit.chunk().chunkIndex()).containsExactly(1, 0);
        }
    }

    @Nested
    class Filters {
        @BeforeEach
        void corpus() {
            put(TestDocument.of("py-lib").url("https://docs.python.org/3/library/json"), "Encoding json data.");
            put(TestDocument.of("py-libold").url("https://docs.python.org/3/library-old/json"), "Old json data.");
            put(TestDocument.of("py-tut").url("https://docs.python.org/3/tutorial/json").language("en"),
                    "Saving structured json data.");
            put(TestDocument.of("py-fr").url("https://docs.python.org/fr/3/library/json").language("fr"),
                    "json data en français.");
            put(TestDocument.of("other").url("https://blog.example.com/json"), "My json data story.");
        }

        @Test
        void shouldFilterByDomain() {
            assertThat(documentIds("json", new SearchFilter("blog.example.com", null, null)))
                    .containsExactly("other");
        }

        @Test
        void shouldFilterByUrlPrefix() {
            assertThat(documentIds("json", new SearchFilter(null, "https://docs.python.org/3/library/", null)))
                    .containsExactly("py-lib");
        }

        @Test
        void shouldFilterByLanguage() {
            assertThat(documentIds("json", new SearchFilter(null, null, "fr"))).containsExactly("py-fr");
        }

        @Test
        void shouldCombineFilters() {
            assertThat(documentIds("json", new SearchFilter("docs.python.org", "https://docs.python.org/3/", "en")))
                    .containsExactlyInAnyOrder("py-lib", "py-libold", "py-tut");
        }

        @Test
        void shouldFindNothingWhenNothingPassesTheFilter() {
            assertThat(documentIds("json", new SearchFilter("nowhere.example", null, null))).isEmpty();
        }
    }

    @Nested
    class Writes {
        @Test
        void shouldRemoveTheTailWhenADocumentShrinks() {
            put(TestDocument.of("page"), "alpha", "bravo", "charlie", "delta", "echo");

            put(TestDocument.of("page"), "alpha", "bravo");

            assertThat(index.chunkCount()).isEqualTo(2);
            assertThat(index.search("echo", 10, SearchFilter.NONE)).isEmpty();
            assertThat(index.search("bravo", 10, SearchFilter.NONE)).hasSize(1);
        }

        @Test
        void shouldReplaceChangedChunkText() {
            put(TestDocument.of("page"), "old words");

            put(TestDocument.of("page"), "new words");

            assertThat(documentIds("old")).isEmpty();
            assertThat(documentIds("new")).containsExactly("page");
        }

        @Test
        void shouldKeepOneCopyOfEachChunkWhenReplayed() {
            for (int replay = 0; replay < 3; replay++) {
                put(TestDocument.of("page"), "alpha", "bravo", "charlie");
            }

            assertThat(index.chunkCount()).isEqualTo(3);
            assertThat(index.search("bravo", 10, SearchFilter.NONE)).hasSize(1);
        }

        @Test
        void shouldDeleteEveryChunkOfTheDocumentAndNothingElse() {
            put(TestDocument.of("gone"), "alpha", "bravo");
            put(TestDocument.of("kept"), "alpha");

            index.delete("gone");
            index.refresh();

            assertThat(index.chunkCount()).isEqualTo(1);
            assertThat(documentIds("alpha")).containsExactly("kept");
        }

        @Test
        void shouldCountDocumentsNotChunksThroughReplacementsAndDeletes() {
            put(TestDocument.of("a"), "alpha", "bravo", "charlie");
            put(TestDocument.of("b"), "alpha");
            put(TestDocument.of("c"), "alpha", "bravo");
            put(TestDocument.of("a"), "alpha"); // replaced: its old chunks are deleted, not yet merged away

            index.delete("c");
            index.refresh();

            assertThat(index.documentCount()).isEqualTo(2);
            assertThat(index.chunkCount()).isEqualTo(2);
        }

        @Test
        void shouldCountNoDocumentsInANewIndex() {
            assertThat(index.documentCount()).isZero();
        }

        @Test
        void shouldAcceptDeletingADocumentThatIsNotThere() {
            assertThatCode(() -> index.delete("never-indexed")).doesNotThrowAnyException();
        }

        @Test
        void shouldTreatAnUpsertWithoutChunksAsADelete() {
            put(TestDocument.of("page"), "alpha");

            index.upsert("page", List.of());
            index.refresh();

            assertThat(index.chunkCount()).isZero();
        }

        @Test
        void shouldRejectChunksOfAnotherDocument() {
            List<IndexedChunk> chunks = TestDocument.of("other").chunks("alpha");

            assertThatThrownBy(() -> index.upsert("page", chunks))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("belongs to document other");
        }

        @Test
        void shouldRejectTwoChunksWithOneIndex() {
            List<IndexedChunk> chunks = Stream.concat(TestDocument.of("page").chunks("alpha").stream(),
                    TestDocument.of("page").chunks("bravo").stream()).toList();

            assertThatThrownBy(() -> index.upsert("page", chunks)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void shouldRejectAUrlTooLongForOneTermPermanentlyWithoutQuotingIt() {
            String url = "https://docs.example.org/" + "secret".repeat(6000);
            List<IndexedChunk> chunks = TestDocument.of("page").url(url).chunks("alpha");

            assertThatThrownBy(() -> index.upsert("page", chunks))
                    .isInstanceOfSatisfying(IndexingException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.KEYWORD_INDEX_REJECTED);
                        assertThat(e.stage()).isEqualTo(Stage.BM25);
                        assertThat(e.retriable()).isFalse();
                    })
                    .hasMessageContaining("url")
                    .hasMessageNotContaining("secret");
        }
    }

    @Nested
    class Durability {
        @Test
        void shouldKeepTheDataWhenReopenedAfterClose() {
            put(TestDocument.of("page"), "alpha", "bravo");
            index.close();

            index = new LuceneKeywordIndex(dir);

            assertThat(index.chunkCount()).isEqualTo(2);
            assertThat(documentIds("bravo")).containsExactly("page");
        }

        @Test
        void shouldMakeWritesDurableOnCommit() throws IOException {
            index.upsert("page", TestDocument.of("page").chunks("alpha", "bravo"));

            index.commit();

            try (var directory = FSDirectory.open(dir); var reader = DirectoryReader.open(directory)) {
                assertThat(reader.numDocs()).isEqualTo(2);
            }
        }

        @Test
        void shouldRefuseASecondIndexOnTheSameDirectory() {
            assertThatThrownBy(() -> new LuceneKeywordIndex(dir))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot open the keyword index in " + dir);
        }

        @Test
        void shouldExplainWhenTheDirectoryIsAFile() throws IOException {
            Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

            assertThatThrownBy(() -> new LuceneKeywordIndex(file))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot open the keyword index in " + file);
        }

        @Test
        void shouldRefuseUseAfterClose() {
            index.close();

            assertThatThrownBy(() -> index.search("alpha", 10, SearchFilter.NONE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatCode(index::close).doesNotThrowAnyException();
        }
    }

    @Nested
    class IoFailures {
        @TempDir
        Path faultyDir;

        @Test
        void shouldReportAFailedFlushAsRetriableAndRecoverWhenReopened() throws IOException {
            FailingDirectory directory = new FailingDirectory(FSDirectory.open(faultyDir));
            LuceneKeywordIndex faulty = new LuceneKeywordIndex(faultyDir, LuceneKeywordIndexConfig.defaults(),
                    analyzer -> LuceneIndex.open(faultyDir, directory, analyzer));
            faulty.upsert("committed", TestDocument.of("committed").chunks("alpha"));
            faulty.commit();
            faulty.upsert("lost", TestDocument.of("lost").chunks("alpha"));
            directory.failing = true;

            assertThatThrownBy(faulty::refresh).isInstanceOfSatisfying(IndexingException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCodes.KEYWORD_INDEX_FAILED);
                assertThat(e.stage()).isEqualTo(Stage.BM25);
                assertThat(e.retriable()).isTrue();
            });
            directory.failing = false;
            assertThatThrownBy(() -> faulty.upsert("next", TestDocument.of("next").chunks("alpha")))
                    .isInstanceOfSatisfying(IndexingException.class, e -> assertThat(e.retriable()).isTrue())
                    .hasMessageContaining("must be closed and opened again");
            faulty.close();

            try (LuceneKeywordIndex reopened = new LuceneKeywordIndex(faultyDir)) {
                reopened.upsert("next", TestDocument.of("next").chunks("alpha"));
                reopened.refresh();
                assertThat(reopened.search("alpha", 10, SearchFilter.NONE))
                        .extracting(hit -> hit.chunk().documentId())
                        .containsExactlyInAnyOrder("committed", "next");
            }
        }
    }

    @Nested
    class HostileQueries {
        static Stream<String> hostile() {
            String tenKilobytes = IntStream.range(0, 1500).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
            return Stream.of("\"", "\"unclosed phrase", "AND OR", "AND", "NOT", "*", "?", "(((", ")))", "[1 TO",
                    "{}", "title:", "text:python^", "a:b:c", "~2^3", "\\", "-", "+-!&&||", "/regex[/", "python~",
                    "🐍🚀", "日本語のテキスト", "\uD800 lone surrogate", "\u0000\u0001", " ", tenKilobytes,
                    "python ".repeat(2000));
        }

        @ParameterizedTest
        @MethodSource("hostile")
        void shouldNeverThrow(String query) {
            putPythonDocs();

            assertThatCode(() -> index.search(query, 10, SearchFilter.NONE)).doesNotThrowAnyException();
        }

        @Test
        void shouldTreatOperatorsAsPlainWords() {
            putPythonDocs();

            assertThat(documentIds("AND OR")).isEmpty();
            assertThat(documentIds("unittest AND (((")).containsExactly("tests");
            assertThat(documentIds("(unittest)*")).containsExactly("tests");
        }

        @Test
        void shouldFindEmoji() {
            put(TestDocument.of("launch"), "Deploy 🚀 on Fridays.");

            assertThat(documentIds("🚀")).containsExactly("launch");
        }

        @Test
        void shouldRejectANonPositiveK() {
            assertThatThrownBy(() -> index.search("python", 0, SearchFilter.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("k must be >= 1");
        }
    }

    @Nested
    class Configuration {
        @Test
        void shouldNameTheKeyOfABadSetting() {
            assertThatThrownBy(() -> new LuceneKeywordIndexConfig(0.5f, 1.5f, 64))
                    .hasMessage("keyword.title.weight must be between 1 and 100.0 but was 0.5");
            assertThatThrownBy(() -> new LuceneKeywordIndexConfig(2f, Float.NaN, 64))
                    .hasMessageStartingWith("keyword.heading.weight must be between 1 and 100.0");
            assertThatThrownBy(() -> new LuceneKeywordIndexConfig(2f, 1.5f, 0))
                    .hasMessage("keyword.query.max.terms must be between 1 and 256 but was 0");
        }

        @Test
        void shouldSearchOnlyTheFirstMaxQueryTerms(@TempDir Path other) {
            try (LuceneKeywordIndex small = new LuceneKeywordIndex(other, new LuceneKeywordIndexConfig(2f, 1.5f, 2))) {
                small.upsert("page", TestDocument.of("page").chunks("charlie"));
                small.refresh();

                assertThat(small.search("alpha bravo charlie", 10, SearchFilter.NONE)).isEmpty();
                assertThat(small.search("charlie alpha bravo", 10, SearchFilter.NONE)).hasSize(1);
            }
        }
    }
}
