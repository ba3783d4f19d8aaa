package dev.sluice.processor.engine;

import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeStatus;
import java.util.List;
import java.util.Objects;

/**
 * The result of indexing one document.
 *
 * @param outcome the document's final outcome
 * @param chunks  the chunks now indexed for it, with vectors (empty unless {@code INDEXED}); the caller keeps them
 *                as the source of truth from which indexes can be rebuilt
 * @param state   what the indexes now hold for the document: the new state when {@code INDEXED}, the previous one
 *                when {@code UNCHANGED} or {@code FAILED}, {@code null} when {@code DELETED}
 */
public record IndexResult(IndexOutcome outcome, List<IndexedChunk> chunks, DocumentState state) {
    public IndexResult {
        Objects.requireNonNull(outcome, "outcome");
        chunks = List.copyOf(chunks);
    }

    public OutcomeStatus status() {
        return outcome.status();
    }
}
