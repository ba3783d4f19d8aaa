package dev.sluice.gateway.publish;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recent deliveries (Firecrawl's {@code webhookId}, or job + URL + content hash) so that a repeated one is
 * answered 202 without being written twice. A delivery is remembered only after it was stored, so a delivery that got
 * a 503 is not mistaken for a duplicate when it comes again. Bounded in entries and time; per gateway instance —
 * repeats that reach another instance are caught downstream, where an unchanged content hash is not re-indexed.
 */
public final class DeliveryDeduplicator {
    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Long> seen;

    public DeliveryDeduplicator(Duration window, int maxEntries, Clock clock) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("sluice.gateway.dedup-window must be >= 0 but was " + window);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("sluice.gateway.dedup-max-entries must be >= 1 but was " + maxEntries);
        }
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > DeliveryDeduplicator.this.maxEntries;
            }
        };
    }

    /** Whether {@code key} was stored within the window. */
    public synchronized boolean isDuplicate(String key) {
        Long at = seen.get(key);
        if (at == null) {
            return false;
        }
        if (clock.millis() - at > window.toMillis()) {
            seen.remove(key);
            return false;
        }
        return true;
    }

    /** Records that {@code key} has been stored. */
    public synchronized void stored(String key) {
        seen.remove(key);
        seen.put(key, clock.millis());
    }
}
