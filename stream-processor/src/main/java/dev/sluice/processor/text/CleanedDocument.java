package dev.sluice.processor.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A document's readable content as a sequence of structural blocks, in reading order.
 *
 * @param blocks the blocks; empty when nothing readable was left
 */
public record CleanedDocument(List<Block> blocks) {
    public CleanedDocument {
        blocks = List.copyOf(blocks);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** All blocks' text, separated by blank lines. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Block b : blocks) {
            if (!out.isEmpty()) out.append("\n\n");
            out.append(b.text());
        }
        return out.toString();
    }

    /** SHA-256 (hex) of {@link #text()}: equal for two versions of a page whose readable content is equal. */
    public String contentHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
