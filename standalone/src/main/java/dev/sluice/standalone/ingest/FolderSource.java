package dev.sluice.standalone.ingest;

import dev.sluice.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;

/**
 * A folder, read recursively: every {@code .md}/{@code .markdown}, {@code .html}/{@code .htm} and {@code .txt} file
 * becomes one document whose URL is the file's {@code file:} URL (so re-ingesting a file updates its document).
 * Hidden files and folders are left out, other extensions ignored. A file that is empty, too large or not UTF-8 is
 * reported as unreadable.
 */
public final class FolderSource implements DocumentSource {
    /** Largest file taken; the gateway's default body limit is 10 MB and JSON escaping adds to the size. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private final Path root;
    private List<Path> files;
    private int ignored;

    public FolderSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return root.toString();
    }

    @Override
    public int count() throws IOException {
        return files().size();
    }

    /** Files skipped for their extension. */
    public int ignoredFiles() throws IOException {
        files();
        return ignored;
    }

    @Override
    public Iterator<SourceEntry> entries() throws IOException {
        Iterator<Path> paths = files().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return paths.hasNext();
            }

            @Override
            public SourceEntry next() {
                return read(paths.next());
            }
        };
    }

    private List<Path> files() throws IOException {
        if (files == null) {
            List<Path> found = new ArrayList<>();
            int skipped = 0;
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    if (hidden(p)) {
                        continue;
                    }
                    if (kind(p) == null) {
                        skipped++;
                    } else {
                        found.add(p);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            files = found;
            ignored = skipped;
        }
        return files;
    }

    private boolean hidden(Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file is one this source takes (.md, .markdown, .html, .htm, .txt). */
    public static boolean isDocumentFile(Path file) {
        return kind(file) != null;
    }

    /** The document field for a file's content, by extension; {@code null} for files that are not documents. */
    static String kind(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".md") || name.endsWith(".markdown")) return "markdown";
        if (name.endsWith(".html") || name.endsWith(".htm")) return "html";
        if (name.endsWith(".txt")) return "text";
        return null;
    }

    static SourceEntry read(Path file) {
        String origin = file.toString();
        String kind = kind(file);
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                return new SourceEntry.Unreadable(origin, "larger than " + MAX_FILE_BYTES / (1024 * 1024)
                        + " MB (" + size + " bytes)");
            }
            String content;
            try {
                content = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            } catch (CharacterCodingException e) {
                return new SourceEntry.Unreadable(origin, "not UTF-8 text");
            }
            if (content.isBlank()) {
                return new SourceEntry.Unreadable(origin, "empty");
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("url", file.toUri().toString());
            doc.put("title", title(file, kind, content));
            doc.put(kind, content);
            doc.put("contentType", switch (kind) {
                case "markdown" -> "text/markdown";
                case "html" -> "text/html";
                default -> "text/plain";
            });
            return new SourceEntry.Document(origin, Json.mapper().writeValueAsBytes(doc));
        } catch (IOException e) {
            return new SourceEntry.Unreadable(origin, "cannot read: " + e.getClass().getSimpleName());
        }
    }

    /** The first level-1 Markdown heading, the HTML title (or first h1), else the file name without extension. */
    static String title(Path file, String kind, String content) {
        String found = switch (kind) {
            case "markdown" -> content.lines().map(String::strip).filter(l -> l.startsWith("# ")).findFirst()
                    .map(l -> l.substring(2).strip()).orElse("");
            case "html" -> {
                var html = Jsoup.parse(content);
                String t = html.title().strip();
                if (t.isEmpty() && html.selectFirst("h1") != null) {
                    t = html.selectFirst("h1").text().strip();
                }
                yield t;
            }
            default -> "";
        };
        if (!found.isEmpty()) {
            return found;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
