package dev.sluice.processor.reliability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A service taken away at a fixed time for a fixed period, then given back, while the test waits for outcomes. */
final class Outage {
    private Outage() {}

    /** Runs {@code down} after {@code after}, {@code up} {@code length} later; completes when it is back. */
    static CompletableFuture<Void> schedule(Duration after, Duration length, Runnable down, Runnable up) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(after.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            try {
                down.run();
                started.complete(null);
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        return started.thenCompose(ignored -> CompletableFuture.runAsync(up,
                CompletableFuture.delayedExecutor(length.toMillis(), TimeUnit.MILLISECONDS)));
    }
}
