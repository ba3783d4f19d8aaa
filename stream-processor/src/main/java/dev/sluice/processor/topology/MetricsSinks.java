package dev.sluice.processor.topology;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Combines sinks and keeps a failing one from ever reaching the stream thread. */
public final class MetricsSinks {
    private static final Logger log = LoggerFactory.getLogger(MetricsSinks.class);

    private MetricsSinks() {}

    /** Reports to each of {@code sinks} in turn; an exception of one is logged and does not stop the others. */
    public static MetricsSink all(List<MetricsSink> sinks) {
        List<MetricsSink> copy = List.copyOf(sinks);
        return new MetricsSink() {
            @Override
            public void batchCompleted(BatchReport batch) {
                each(s -> s.batchCompleted(batch));
            }

            @Override
            public void recordRejected(RejectedRecord record) {
                each(s -> s.recordRejected(record));
            }

            private void each(Consumer<MetricsSink> call) {
                for (MetricsSink sink : copy) {
                    try {
                        call.accept(sink);
                    } catch (RuntimeException e) {
                        log.warn("Metrics sink {} failed; indexing goes on: {}", sink.getClass().getSimpleName(),
                                e.toString());
                    }
                }
            }
        };
    }
}
