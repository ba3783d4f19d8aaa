package dev.sluice.standalone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * Drops the embedded broker's ERROR lines about out-of-order sequence numbers. With exactly-once, a transaction's first
 * batch to a partition may be answered CONCURRENT_TRANSACTIONS and retried while the next batch is already on its way;
 * the broker refuses that one as out of order and logs an error, and the producer, which knows its predecessor is being
 * retried, simply sends it again. Nothing is lost; the lines only alarm a reader of {@code sluice up}'s console.
 * Every other broker error still shows.
 */
public final class RetriedSequenceErrorFilter extends TurboFilter {
    static final String BROKER_LOGGER = "kafka.server.ReplicaManager";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (t instanceof OutOfOrderSequenceException && logger != null && BROKER_LOGGER.equals(logger.getName())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
