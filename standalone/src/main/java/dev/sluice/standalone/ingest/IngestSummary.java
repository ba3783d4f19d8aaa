package dev.sluice.standalone.ingest;

import java.time.Duration;
import java.util.List;

/**
 * What one ingest did.
 *
 * @param source    what was ingested
 * @param read      entries read from the source (documents and unreadable files or lines)
 * @param accepted  documents the gateway stored in Kafka
 * @param indexed   outcomes INDEXED
 * @param unchanged outcomes UNCHANGED (same content as already indexed)
 * @param deleted   outcomes DELETED
 * @param failed    outcomes FAILED (the processor could not index them)
 * @param rejected  entries that never reached Kafka: unreadable files or lines, documents the gateway refused
 * @param missing   documents without an outcome when the wait timed out (0 when not waiting)
 * @param chunks    chunks in the indexes for the documents indexed or unchanged
 * @param elapsed   from the first request to the last outcome (or the last request when not waiting)
 * @param waited    whether outcomes were awaited
 * @param problems  one line per rejected entry or failed document ("origin: reason"), in order
 */
public record IngestSummary(String source, int read, int accepted, int indexed, int unchanged, int deleted,
        int failed, int rejected, int missing, long chunks, Duration elapsed, boolean waited, List<String> problems) {

    public IngestSummary {
        problems = List.copyOf(problems);
    }

    /** True when every entry was stored and (when waiting) indexed or found unchanged. */
    public boolean ok() {
        return failed == 0 && rejected == 0 && missing == 0;
    }

    /** Documents with an outcome (or stored, when not waiting) per second of {@link #elapsed()}. */
    public double documentsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        int done = waited ? indexed + unchanged + deleted + failed : accepted;
        return seconds <= 0 ? 0 : done / seconds;
    }
}
