package dev.sluice.processor.coalesce;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls of a test double under a coalescing client, held open until the test lets them go — how a test arranges
 * "all slots busy, work waiting" without sleeping — and counted while in flight.
 */
public final class HeldCalls {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Semaphore gate;

    /** Calls from now on wait until {@link #letGo()}. */
    public void hold() {
        gate = new Semaphore(0);
    }

    /** Lets held calls and all later ones through. */
    public void letGo() {
        Semaphore held = gate;
        gate = null;
        if (held != null) {
            held.release(Integer.MAX_VALUE / 2);
        }
    }

    /** Starts a call: it counts as in flight from now until {@link #leave()}, and waits here while calls are held. */
    public void enter() throws InterruptedException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Semaphore held = gate;
        if (held != null) {
            held.acquire();
        }
    }

    /** Ends a call {@link #enter() entered}, whether it went through or not. */
    public void leave() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** The most calls that were in flight at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }
}
