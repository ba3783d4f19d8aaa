package dev.sluice.standalone.cli;

import dev.sluice.standalone.ingest.IngestSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints an {@link IngestSummary} for people. */
final class SummaryPrinter {
    /** Problems listed one by one; the rest are counted. */
    static final int MAX_PROBLEMS_SHOWN = 50;

    private SummaryPrinter() {}

    static void print(IngestSummary s, int ignoredFiles, PrintWriter out) {
        out.printf(Locale.ROOT, "%s: %d documents in %.1f s, %.1f documents/s%n", s.source(), s.read(),
                s.elapsed().toMillis() / 1000.0, s.documentsPerSecond());
        if (s.waited()) {
            row(out, "indexed", s.indexed());
            row(out, "unchanged", s.unchanged());
            if (s.deleted() > 0) {
                row(out, "deleted", s.deleted());
            }
            row(out, "failed", s.failed());
        } else {
            row(out, "stored", s.accepted());
        }
        out.printf(Locale.ROOT, "  %-10s %,7d   (unreadable, or refused by the gateway)%n", "rejected", s.rejected());
        if (s.missing() > 0) {
            out.printf(Locale.ROOT, "  %-10s %,7d   (no outcome in time)%n", "pending", s.missing());
        }
        if (s.waited()) {
            row(out, "chunks", s.chunks());
        }
        if (ignoredFiles > 0) {
            out.printf(Locale.ROOT, "  (%d files ignored: not .md, .html or .txt)%n", ignoredFiles);
        }
        List<String> problems = s.problems();
        if (!problems.isEmpty()) {
            out.println("Problems:");
            problems.stream().limit(MAX_PROBLEMS_SHOWN).forEach(p -> out.println("  " + p));
            if (problems.size() > MAX_PROBLEMS_SHOWN) {
                out.printf(Locale.ROOT, "  ... and %d more%n", problems.size() - MAX_PROBLEMS_SHOWN);
            }
        }
        out.flush();
    }

    private static void row(PrintWriter out, String name, long value) {
        out.printf(Locale.ROOT, "  %-10s %,7d%n", name, value);
    }
}
