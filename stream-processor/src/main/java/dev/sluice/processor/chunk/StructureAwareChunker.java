package dev.sluice.processor.chunk;

import dev.sluice.processor.text.CleanedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link Chunker}: follows the document's structure and measures in the embedding model's tokens.
 *
 * <ol>
 *   <li>The document is cut into sections at its headings; each section knows its heading path
 *       ("Install > Linux").</li>
 *   <li>Each block becomes one piece if it fits in {@link ChunkingConfig#maxTokens()}, else it is cut into sentences
 *       (lines for code), a sentence that is still too long into words, and a word that is still too long (a base64
 *       blob, CJK text without spaces) into runs of characters ({@link PieceSplitter}).</li>
 *   <li>Pieces are packed in order into chunks of at most {@code maxTokens} tokens; whole short sections share a
 *       chunk, a long section is split with about {@link ChunkingConfig#overlapTokens()} tokens of overlap between
 *       its chunks, and no overlap crosses a heading ({@link ChunkPacker}).</li>
 * </ol>
 *
 * <p>Each chunk's text is its pieces' text: within a block as the block has it, blocks separated by a blank line (a
 * line break between list items and between table rows); a section's heading is the first line of its first chunk.
 * A chunk's heading path is the path of the section it starts in (of the section they lead to, when it starts with
 * headings that have nothing under them); its token count is measured on its final text and never exceeds
 * {@code maxTokens}. Indexes run from 0 without gaps.
 *
 * <p>Deterministic: the same document, configuration and tokenizer always give the same chunks. Thread-safe if its
 * {@link TokenCounter} is (each call works on its own state).
 */
public final class StructureAwareChunker implements Chunker {
    private final ChunkingConfig config;
    private final TokenCounter counter;

    public StructureAwareChunker(ChunkingConfig config, TokenCounter counter) {
        this.config = Objects.requireNonNull(config, "config");
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    @Override
    public List<Chunk> chunk(CleanedDocument document) {
        SectionedDocument sectioned = new SectionedDocument(Objects.requireNonNull(document, "document"));
        PieceSplitter splitter = new PieceSplitter(sectioned, counter);
        List<Piece> pieces = new ArrayList<>();
        for (int block = 0; block < sectioned.blockCount(); block++) {
            pieces.addAll(splitter.split(block, config.maxTokens()));
        }
        return new ChunkPacker(config, counter, sectioned, splitter).pack(pieces);
    }
}
