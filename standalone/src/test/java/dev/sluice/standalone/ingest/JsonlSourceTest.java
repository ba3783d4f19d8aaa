package dev.sluice.standalone.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlSourceTest {
    @TempDir
    Path dir;

    private static List<SourceEntry> read(JsonlSource source) throws Exception {
        List<SourceEntry> out = new ArrayList<>();
        source.entries().forEachRemaining(out::add);
        return out;
    }

    @Test
    void shouldGiveOneDocumentPerLineAndSkipBlankLines() throws Exception {
        Path f = Files.writeString(dir.resolve("docs.jsonl"), """
                {"url":"https://a.example/1","title":"One"}

                {"url":"https://a.example/2","markdown":"# Two"}
                """);
        JsonlSource source = JsonlSource.of(f);

        List<SourceEntry> entries = read(source);

        assertThat(source.count()).isEqualTo(2);
        assertThat(entries).hasSize(2).allMatch(e -> e instanceof SourceEntry.Document);
        assertThat(new String(((SourceEntry.Document) entries.get(1)).json(), StandardCharsets.UTF_8))
                .contains("\"markdown\":\"# Two\"");
        assertThat(entries.get(1).origin()).isEqualTo(f + ":3");
    }

    @Test
    void shouldReportAMalformedLineByNumberWithoutQuotingIt() throws Exception {
        Path f = Files.writeString(dir.resolve("docs.jsonl"), """
                {"url":"https://a.example/1"}
                {"url": secret-words
                """);

        SourceEntry bad = read(JsonlSource.of(f)).get(1);

        assertThat(bad).isInstanceOf(SourceEntry.Unreadable.class);
        assertThat(bad.origin()).isEqualTo(f + ":2");
        assertThat(((SourceEntry.Unreadable) bad).reason()).startsWith("malformed JSON").doesNotContain("secret");
    }

    @Test
    void shouldReportALineThatIsNotAnObject() throws Exception {
        Path f = Files.writeString(dir.resolve("docs.jsonl"), "[1,2]\n");

        assertThat(read(JsonlSource.of(f))).singleElement()
                .isEqualTo(new SourceEntry.Unreadable(f + ":1", "not a JSON object"));
    }

    @Test
    void shouldReadAGzipCompressedFile() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"url\":\"https://a.example/1\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path f = Files.write(dir.resolve("docs.jsonl.gz"), bytes.toByteArray());

        assertThat(read(JsonlSource.of(f))).hasSize(1);
    }

    @Test
    void shouldRecogniseJsonLinesFilesByName() {
        assertThat(JsonlSource.isJsonl(Path.of("a.jsonl"))).isTrue();
        assertThat(JsonlSource.isJsonl(Path.of("a.jsonl.gz"))).isTrue();
        assertThat(JsonlSource.isJsonl(Path.of("a.json"))).isFalse();
    }
}
