package dev.sluice.standalone.ingest;

import dev.sluice.schemas.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Lines file ({@code .jsonl}, or gzip-compressed {@code .jsonl.gz}): one document per line, with the fields
 * {@code POST /api/documents} takes ({@code url} required; {@code id}, {@code title}, {@code markdown}, {@code html},
 * {@code text}, ...). Blank lines are skipped; a line that is not a JSON object is reported with its number. The
 * fields themselves are checked by the gateway, which names the one at fault.
 */
public final class JsonlSource implements DocumentSource {
    /** Opens the raw (possibly compressed) bytes; called once per pass. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String name;
    private final Opener opener;
    private final boolean gzip;

    /**
     * @param name   what the source is, for messages (and line references)
     * @param gzip   whether the bytes are gzip-compressed
     * @param opener opens the bytes
     */
    public JsonlSource(String name, boolean gzip, Opener opener) {
        this.name = name;
        this.gzip = gzip;
        this.opener = opener;
    }

    /** A file; gzip-compressed when its name ends with {@code .gz}. */
    public static JsonlSource of(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return new JsonlSource(f.toString(), f.getFileName().toString().endsWith(".gz"), () -> Files.newInputStream(f));
    }

    /** Whether a path names a JSON Lines file ({@code .jsonl}, {@code .jsonl.gz}, {@code .ndjson}). */
    public static boolean isJsonl(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz") || n.endsWith(".ndjson") || n.endsWith(".ndjson.gz");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int count() throws IOException {
        int n = 0;
        try (BufferedReader in = reader()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public Iterator<SourceEntry> entries() throws IOException {
        BufferedReader in = reader();
        return new Iterator<>() {
            private int lineNumber;
            private SourceEntry next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    next = advance();
                }
                return next != null;
            }

            @Override
            public SourceEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SourceEntry e = next;
                next = null;
                return e;
            }

            private SourceEntry advance() {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lineNumber++;
                        if (!line.isBlank()) {
                            return parse(name + ":" + lineNumber, line);
                        }
                    }
                    done = true;
                    in.close();
                    return null;
                } catch (IOException e) {
                    done = true;
                    throw new UncheckedIOException("cannot read " + name + " after line " + lineNumber, e);
                }
            }
        };
    }

    static SourceEntry parse(String origin, String line) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (JacksonException e) {
            // the parser's message quotes the content; say where, not what
            var at = e.getLocation();
            return new SourceEntry.Unreadable(origin, "malformed JSON"
                    + (at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : ""));
        }
        if (node == null || !node.isObject()) {
            return new SourceEntry.Unreadable(origin, "not a JSON object");
        }
        return new SourceEntry.Document(origin, Json.mapper().writeValueAsBytes(node));
    }

    private BufferedReader reader() throws IOException {
        InputStream raw = opener.open();
        InputStream in = gzip ? new GZIPInputStream(raw, 64 * 1024) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    }
}
