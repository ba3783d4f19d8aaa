package dev.sluice.processor.index;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Chunk (point) ids: UUIDv5 (RFC 9562, SHA-1, name-based) of {@code documentId + ":" + chunkIndex} in Sluice's own
 * namespace. Deterministic, so re-indexing a document overwrites its points instead of adding new ones.
 */
public final class ChunkIds {
    /** Sluice's namespace: UUIDv5 of "sluice.dev" in the RFC's URL namespace. Never change it. */
    static final UUID NAMESPACE = v5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), "sluice.dev");

    private ChunkIds() {}

    public static String of(String documentId, int chunkIndex) {
        return v5(NAMESPACE, documentId + ":" + chunkIndex).toString();
    }

    static UUID v5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
