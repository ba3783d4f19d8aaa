package dev.sluice.standalone;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops what was started, last started first, within a time budget. Each part stops on its own thread so that one
 * that hangs cannot keep the others running: when the budget is spent, it is abandoned (the thread is a daemon and
 * does not hold the JVM) and the next part still gets a short grace period, since leaving, say, PostgreSQL running
 * is worse than a late exit.
 */
final class ShutdownSequence {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSequence.class);
    /** What every part gets by default even when the budget is spent. */
    static final Duration MIN_GRACE = Duration.ofSeconds(5);

    private record Part(String name, AutoCloseable closer) {}

    private final Deque<Part> parts = new ArrayDeque<>();
    private final Duration minGrace;
    private boolean stopped;

    ShutdownSequence() {
        this(MIN_GRACE);
    }

    /** @param minGrace what every part gets even when the budget is spent */
    ShutdownSequence(Duration minGrace) {
        this.minGrace = minGrace;
    }

    /**
     * Registers a part (before starting it, so that a failed start is cleaned up too); it will be stopped before every
     * part registered earlier. After {@link #stopAll} it is stopped at once and the start is aborted.
     *
     * @throws IllegalStateException when the sequence already stopped
     */
    synchronized void add(String name, AutoCloseable closer) {
        if (stopped) {
            try {
                closer.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", name, e.toString());
            }
            throw new IllegalStateException("stopped while starting " + name);
        }
        parts.push(new Part(name, closer));
    }

    /** Stops every registered part in reverse order; returns the names of those that did not stop in time. */
    synchronized List<String> stopAll(Duration budget) {
        stopped = true;
        long deadline = System.nanoTime() + budget.toNanos();
        List<String> late = new ArrayList<>();
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            long remaining = Math.max(deadline - System.nanoTime(), minGrace.toNanos());
            Thread t = Thread.ofPlatform().daemon(true).name("sluice-stop-" + part.name()).start(() -> {
                long start = System.nanoTime();
                try {
                    part.closer().close();
                    log.debug("Stopped {} in {} ms", part.name(), (System.nanoTime() - start) / 1_000_000);
                } catch (Exception e) {
                    log.warn("Stopping {} failed: {}", part.name(), e.toString());
                }
            });
            try {
                if (!t.join(Duration.ofNanos(remaining))) {
                    log.warn("{} did not stop within {} s; leaving it", part.name(), Duration.ofNanos(remaining)
                            .toSeconds());
                    late.add(part.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                late.add(part.name());
            }
        }
        return late;
    }
}
