package dev.sluice.standalone.dlq;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link DlqReplayer} replays.
 *
 * @param bootstrapServers   the Kafka cluster
 * @param dlqTopic           the dead-letter topic to read
 * @param documentsTopic     where records are re-submitted
 * @param errorCodes         replay only records with one of these codes; empty: every code
 * @param includeUndecodable replay records whose payload is not a document too (they will fail again unless the
 *                           processor changed)
 * @param dryRun             only count: produce nothing, commit nothing
 * @param groupId            the consumer group that remembers what was replayed; {@code null}: named after the
 *                           selection ({@link #defaultGroupId})
 * @param timeout            how long to wait for Kafka (connecting, reading to the end, acknowledgements)
 */
public record ReplayOptions(String bootstrapServers, String dlqTopic, String documentsTopic, Set<String> errorCodes,
        boolean includeUndecodable, boolean dryRun, String groupId, Duration timeout) {

    /** Prefix of the consumer groups of replays. */
    public static final String GROUP_PREFIX = "sluice-dlq-replay";

    public ReplayOptions {
        errorCodes = errorCodes == null ? Set.of() : Set.copyOf(errorCodes);
        if (groupId == null || groupId.isBlank()) {
            groupId = defaultGroupId(errorCodes, includeUndecodable);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be > 0 but was " + timeout);
        }
    }

    /**
     * One group per selection, so that what one selection passes over stays available to another: {@code
     * sluice-dlq-replay} for everything, {@code sluice-dlq-replay.CODE_A+CODE_B} for some codes, with {@code
     * .undecodable} when undecodable records are included. Running the same selection again replays nothing new.
     */
    public static String defaultGroupId(Set<String> errorCodes, boolean includeUndecodable) {
        StringBuilder group = new StringBuilder(GROUP_PREFIX);
        if (!errorCodes.isEmpty()) {
            group.append('.').append(String.join("+", new TreeSet<>(errorCodes)));
        }
        if (includeUndecodable) {
            group.append(".undecodable");
        }
        return group.toString();
    }
}
