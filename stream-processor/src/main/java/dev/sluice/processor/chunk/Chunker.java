package dev.sluice.processor.chunk;

import dev.sluice.processor.text.CleanedDocument;
import java.util.List;

/** Splits a cleaned document into chunks. Deterministic: the same document always gives the same chunks. */
public interface Chunker {
    List<Chunk> chunk(CleanedDocument document);
}
