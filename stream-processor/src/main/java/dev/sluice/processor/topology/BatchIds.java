package dev.sluice.processor.topology;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A batch's id, {@code p<partition>-o<offset>}: the input partition and the offset of its first record. Unique per
 * partition's batch, and the same when a batch is replayed after a failover; outcomes and metrics rows carry it.
 */
public final class BatchIds {
    private static final Pattern FORMAT = Pattern.compile("p(\\d+)-o(\\d+)");

    private BatchIds() {}

    /** The id of the batch that starts at {@code offset} of {@code partition}. */
    public static String of(int partition, long offset) {
        return "p" + partition + "-o" + offset;
    }

    /** The input partition named by {@code batchId}, or empty when it is not a batch id. */
    public static OptionalInt partitionOf(String batchId) {
        if (batchId == null) {
            return OptionalInt.empty();
        }
        Matcher m = FORMAT.matcher(batchId);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(m.group(1)));
        } catch (NumberFormatException tooLarge) {
            return OptionalInt.empty();
        }
    }
}
