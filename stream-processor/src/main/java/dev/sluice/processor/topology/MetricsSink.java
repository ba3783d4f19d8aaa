package dev.sluice.processor.topology;

/**
 * Where the topology reports what it did, for monitoring (PostgreSQL rows, Micrometer meters). Called on the stream
 * thread, so an implementation must return at once and never throw: it hands the report to something asynchronous
 * or just counts. The topology knows nothing of JDBC; the PostgreSQL implementation lives with the application.
 */
public interface MetricsSink {

    /** Reports nothing. */
    MetricsSink NONE = new MetricsSink() {
        @Override
        public void batchCompleted(BatchReport batch) {}
    };

    /** A batch's outcomes were forwarded. */
    void batchCompleted(BatchReport batch);

    /** A record could not be read and went to the dead-letter topic. */
    default void recordRejected(RejectedRecord record) {}
}
