package dev.sluice.processor.embed.tei;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.opentest4j.AssertionFailedError;

/** Waits for a condition that other threads bring about, failing after a timeout instead of guessing a sleep. */
public final class Eventually {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private Eventually() {}

    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("timed out after " + TIMEOUT + " waiting until " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
