package dev.sluice.processor.embed.tei;

import java.time.Duration;

/**
 * Waits before a retry. Production code sleeps the calling (virtual) thread; tests that count retries pass one that
 * records the delays instead of waiting them.
 */
@FunctionalInterface
interface Sleeper {

    /** Sleeps the calling thread. */
    Sleeper THREAD = duration -> Thread.sleep(duration);

    /** Returns after {@code duration}, or throws when the thread is interrupted meanwhile. */
    void sleep(Duration duration) throws InterruptedException;
}
