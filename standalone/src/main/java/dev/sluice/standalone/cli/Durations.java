package dev.sluice.standalone.cli;

import java.time.Duration;
import java.util.Locale;

/** Parses durations as people write them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, or ISO-8601. */
final class Durations {
    private Durations() {}

    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            if (t.endsWith("h")) return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
        } catch (RuntimeException e) {
            // fall through to the one message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 30s, 10m or 1h");
    }
}
