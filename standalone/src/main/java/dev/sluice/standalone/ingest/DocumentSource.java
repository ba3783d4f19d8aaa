package dev.sluice.standalone.ingest;

import java.io.IOException;
import java.util.Iterator;

/** Documents to ingest, read lazily: a folder of files or a JSONL file. */
public interface DocumentSource {

    /** What this source is, for messages. */
    String name();

    /** How many entries {@link #entries()} will give (a cheap first pass), for progress. */
    int count() throws IOException;

    /** The entries, in a stable order. The iterator may throw {@link java.io.UncheckedIOException}. */
    Iterator<SourceEntry> entries() throws IOException;
}
