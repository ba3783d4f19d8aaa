package dev.sluice.processor.engine;

import java.util.Objects;

/**
 * What the indexes hold for a document: the content hash of the indexed version and how many chunks it has.
 * Kept by the caller (the topology's state store) so that an unchanged page is not embedded again.
 */
public record DocumentState(String contentHash, int chunkCount) {
    public DocumentState {
        Objects.requireNonNull(contentHash, "contentHash");
        if (chunkCount < 0) {
            throw new IllegalArgumentException("chunkCount must be >= 0 but was " + chunkCount);
        }
    }
}
