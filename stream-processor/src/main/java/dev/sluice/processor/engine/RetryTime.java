package dev.sluice.processor.engine;

import java.time.Duration;

/** The time a document's retries are measured and waited in: the system's, or a test's. */
interface RetryTime {
    RetryTime SYSTEM = new RetryTime() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean sleep(Duration wait) {
            try {
                Thread.sleep(wait);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    };

    long nanoTime();

    /** Waits {@code wait}; {@code false} when interrupted (the interrupt flag is set again). */
    boolean sleep(Duration wait);
}
