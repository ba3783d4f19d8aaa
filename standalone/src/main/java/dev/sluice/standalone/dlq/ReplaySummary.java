package dev.sluice.standalone.dlq;

import java.util.Map;

/**
 * What a replay did.
 *
 * @param read     dead-letter records read (new for this group)
 * @param replayed records re-submitted (or, in a dry run, that would have been)
 * @param skipped  records not re-submitted, by reason
 * @param groupId  the consumer group that remembers the position
 * @param dryRun   whether nothing was produced or committed
 */
public record ReplaySummary(long read, long replayed, Map<String, Long> skipped, String groupId, boolean dryRun) {

    public ReplaySummary {
        skipped = Map.copyOf(skipped);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
