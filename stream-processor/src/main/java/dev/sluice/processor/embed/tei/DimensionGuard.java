package dev.sluice.processor.embed.tei;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the length of the model's vectors and refuses answers of another length. The length is the configured one,
 * or else the first answer's. Another length means another model answers at the URL than the one whose vectors are
 * in the index; mixing them would make search silently wrong, so such answers never get through.
 */
final class DimensionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(DimensionGuard.class);

    private final AtomicInteger dimension;
    private final boolean configured;

    DimensionGuard(OptionalInt expected) {
        this.dimension = new AtomicInteger(expected.orElse(0));
        this.configured = expected.isPresent();
    }

    /** The length, once configured or seen. */
    OptionalInt known() {
        int value = dimension.get();
        return value == 0 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /**
     * Accepts vectors of {@code actual} length, learning it when still unknown.
     *
     * @throws IndexingException permanent {@code EMBEDDING_REJECTED} for any other length
     */
    void check(int actual) {
        if (dimension.compareAndSet(0, actual)) {
            LOG.info("TEI makes vectors of {} dimensions", actual);
            return;
        }
        int expected = dimension.get();
        if (actual != expected) {
            String message = "TEI answered vectors of " + actual + " dimensions but "
                    + (configured ? "embedding.dimension is " : "its first answer had ") + expected
                    + ": another model is serving at embedding.tei.url";
            LOG.error(message);
            throw IndexingException.permanent(ErrorCodes.EMBEDDING_REJECTED, Stage.EMBEDDING, message);
        }
    }
}
