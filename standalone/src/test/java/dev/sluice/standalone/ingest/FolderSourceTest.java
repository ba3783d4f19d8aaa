package dev.sluice.standalone.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.schemas.Json;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FolderSourceTest {
    @TempDir
    Path dir;

    private List<SourceEntry> read(FolderSource source) throws Exception {
        List<SourceEntry> out = new ArrayList<>();
        source.entries().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode json(SourceEntry e) {
        return Json.mapper().readTree(((SourceEntry.Document) e).json());
    }

    @Nested
    class Documents {
        @Test
        void shouldTurnAMarkdownFileIntoADocumentWithItsFileUrlAndFirstHeadingAsTitle() throws Exception {
            Path md = Files.writeString(dir.resolve("guide.md"), "intro\n# Getting started\n\nText.");

            JsonNode doc = json(read(new FolderSource(dir)).get(0));

            assertThat(doc.get("url").asString()).isEqualTo(md.toUri().toString());
            assertThat(doc.get("title").asString()).isEqualTo("Getting started");
            assertThat(doc.get("markdown").asString()).contains("Text.");
            assertThat(doc.get("contentType").asString()).isEqualTo("text/markdown");
        }

        @Test
        void shouldTakeTheTitleOfAnHtmlFile() throws Exception {
            Files.writeString(dir.resolve("page.html"), "<html><head><title>The &amp; page</title></head>"
                    + "<body><p>hi</p></body></html>");

            JsonNode doc = json(read(new FolderSource(dir)).get(0));

            assertThat(doc.get("title").asString()).isEqualTo("The & page");
            assertThat(doc.get("html").asString()).contains("<p>hi</p>");
        }

        @Test
        void shouldNameATextFileAfterItsFileName() throws Exception {
            Files.writeString(dir.resolve("notes.txt"), "plain words");

            JsonNode doc = json(read(new FolderSource(dir)).get(0));

            assertThat(doc.get("title").asString()).isEqualTo("notes");
            assertThat(doc.get("text").asString()).isEqualTo("plain words");
        }

        @Test
        void shouldReadSubfoldersInAStableOrderAndLeaveHiddenOnesOut() throws Exception {
            Files.createDirectories(dir.resolve("b/c"));
            Files.createDirectories(dir.resolve(".git"));
            Files.writeString(dir.resolve("b/c/z.md"), "# z");
            Files.writeString(dir.resolve("a.md"), "# a");
            Files.writeString(dir.resolve(".git/x.md"), "# hidden");
            Files.writeString(dir.resolve(".draft.md"), "# hidden");

            FolderSource source = new FolderSource(dir);
            List<SourceEntry> entries = read(source);

            assertThat(entries).extracting(SourceEntry::origin)
                    .containsExactly(dir.resolve("a.md").toString(), dir.resolve("b/c/z.md").toString());
            assertThat(source.count()).isEqualTo(2);
        }

        @Test
        void shouldIgnoreOtherExtensionsAndCountThem() throws Exception {
            Files.writeString(dir.resolve("a.md"), "# a");
            Files.write(dir.resolve("logo.png"), new byte[] {1, 2, 3});

            FolderSource source = new FolderSource(dir);

            assertThat(source.count()).isEqualTo(1);
            assertThat(source.ignoredFiles()).isEqualTo(1);
        }

        @Test
        void shouldTakeASingleFileGivenDirectly() throws Exception {
            Path md = Files.writeString(dir.resolve("one.md"), "# one");

            assertThat(read(new FolderSource(md))).hasSize(1);
        }
    }

    @Nested
    class UnreadableFiles {
        @Test
        void shouldReportAnEmptyFile() throws Exception {
            Files.writeString(dir.resolve("empty.md"), "  \n");

            assertThat(read(new FolderSource(dir))).singleElement()
                    .isEqualTo(new SourceEntry.Unreadable(dir.resolve("empty.md").toString(), "empty"));
        }

        @Test
        void shouldReportAFileThatIsNotUtf8WithoutQuotingIt() throws Exception {
            Files.write(dir.resolve("latin1.txt"), "caf\u00e9 secret".getBytes(StandardCharsets.ISO_8859_1));

            SourceEntry e = read(new FolderSource(dir)).get(0);

            assertThat(e).isInstanceOf(SourceEntry.Unreadable.class);
            assertThat(((SourceEntry.Unreadable) e).reason()).isEqualTo("not UTF-8 text");
        }

        @Test
        void shouldReportAFileLargerThanTheLimit() throws Exception {
            Path big = dir.resolve("big.txt");
            try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                f.setLength(FolderSource.MAX_FILE_BYTES + 1); // sparse: costs no disk
            }

            SourceEntry e = read(new FolderSource(dir)).get(0);

            assertThat(((SourceEntry.Unreadable) e).reason()).startsWith("larger than 8 MB");
        }
    }
}
