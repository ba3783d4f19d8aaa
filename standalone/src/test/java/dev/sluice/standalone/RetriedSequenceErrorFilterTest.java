package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class RetriedSequenceErrorFilterTest {
    private final LoggerContext context = new LoggerContext();
    private final RetriedSequenceErrorFilter filter = new RetriedSequenceErrorFilter();

    @Test
    void shouldDropTheBrokersOutOfOrderSequenceErrors() {
        assertThat(filter.decide(null, context.getLogger(RetriedSequenceErrorFilter.BROKER_LOGGER), Level.ERROR,
                "Error processing append operation", null, new OutOfOrderSequenceException("seq 1")))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void shouldKeepTheBrokersOtherErrors() {
        assertThat(filter.decide(null, context.getLogger(RetriedSequenceErrorFilter.BROKER_LOGGER), Level.ERROR,
                "Error processing append operation", null, new RecordTooLargeException("too large")))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void shouldKeepTheSameErrorFromAnyOtherLogger() {
        assertThat(filter.decide(null, context.getLogger("dev.sluice.processor"), Level.ERROR, "x", null,
                new OutOfOrderSequenceException("seq 1"))).isEqualTo(FilterReply.NEUTRAL);
    }
}
