package dev.sluice.processor.engine;

import java.time.Duration;

/**
 * Waits before a retry (a document's, or a request's). Production code sleeps the calling (virtual) thread; tests
 * pass one that records the delays, or moves a test clock, instead of waiting them.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps the calling thread. */
    Sleeper THREAD = duration -> Thread.sleep(duration);

    /** Returns after {@code duration}, or throws when the thread is interrupted meanwhile. */
    void sleep(Duration duration) throws InterruptedException;
}
