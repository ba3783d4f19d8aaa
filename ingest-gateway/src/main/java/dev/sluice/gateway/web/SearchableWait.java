package dev.sluice.gateway.web;

import dev.sluice.gateway.publish.OutcomeWaiter;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.OutcomeStatus;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * {@code POST /api/documents?wait=searchable&timeout=10s}: after Kafka acknowledged the documents, waits for their
 * outcomes. 200 with the outcome (or {@code {"outcomes": [...]}} for a batch, in request order) when every document
 * is INDEXED or UNCHANGED — committed, so it can be found; 422 with the outcomes when one FAILED (it never will be
 * found; its dead letter is in the DLQ); 202, as without {@code wait}, when the timeout passes first. The documents
 * are stored either way: a 202 loses nothing.
 */
final class SearchableWait {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    private final OutcomeWaiter outcomes;

    SearchableWait(OutcomeWaiter outcomes) {
        this.outcomes = outcomes;
    }

    /** The wait asked for, or {@code null} for none; a 400 for a value that is not understood. */
    static Duration parse(String wait, String timeout) {
        if (wait == null) {
            if (timeout != null) {
                throw invalid("timeout", "timeout is only meaningful with wait=searchable");
            }
            return null;
        }
        if (!wait.equals("searchable")) {
            throw invalid("wait", "wait must be 'searchable', got '" + abbreviate(wait) + "'");
        }
        if (timeout == null) {
            return DEFAULT_TIMEOUT;
        }
        Duration d;
        try {
            d = DurationStyle.detectAndParse(timeout);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid("timeout", "timeout must be a duration such as 10s or 500ms, got '" + abbreviate(timeout)
                    + "'");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
            throw invalid("timeout", "timeout must be more than 0 and at most " + MAX_TIMEOUT.toSeconds()
                    + "s, got '" + abbreviate(timeout) + "'");
        }
        return d;
    }

    /** Reads outcomes from now on: called before the records are written. */
    void ready() {
        outcomes.ready();
    }

    ResponseEntity<?> await(List<OutcomeWaiter.RecordPosition> positions, Duration timeout, boolean single,
            AcceptedResponse accepted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<IndexOutcome> results = new ArrayList<>(positions.size());
        try {
            for (OutcomeWaiter.RecordPosition position : positions) {
                CompletableFuture<IndexOutcome> outcome = outcomes.outcomeOf(position);
                results.add(outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        } catch (TimeoutException | ExecutionException e) {
            positions.forEach(outcomes::forget);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            positions.forEach(outcomes::forget);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted);
        }
        boolean failed = results.stream().anyMatch(o -> o.status() == OutcomeStatus.FAILED);
        // The outcomes exactly as on the outcomes topic (and in its JSON Schema).
        byte[] body = Json.mapper().writeValueAsBytes(single ? results.getFirst() : Map.of("outcomes", results));
        return ResponseEntity.status(failed ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.OK)
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static ApiException invalid(String parameter, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", message, parameter);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
