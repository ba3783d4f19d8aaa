package dev.sluice.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Document ids: the producer's own id when it gives one, otherwise a hash of the {@link CanonicalUrl canonical URL},
 * so that every delivery of one page, whatever form of its URL was reported, lands on one key and one partition.
 */
public final class DocumentIds {
    /** Longest id accepted from a producer. */
    public static final int MAX_LENGTH = 512;

    private DocumentIds() {}

    /**
     * The id of the page at {@code url}: the first 128 bits of the SHA-256 of its canonical form, as 32 hex digits.
     *
     * @throws CanonicalUrl.InvalidUrlException when {@code url} cannot be normalised
     */
    public static String fromUrl(String url) {
        byte[] digest = sha256().digest(CanonicalUrl.normalize(url).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The producer's id when given (checked), otherwise {@link #fromUrl(String)}. */
    public static String resolve(String producerId, String url) {
        return producerId != null ? checkId(producerId) : fromUrl(url);
    }

    /**
     * Checks an id given by a producer: 1 to {@value #MAX_LENGTH} characters, not blank, no control characters.
     *
     * @return the id
     * @throws InvalidFieldException naming {@code documentId} otherwise
     */
    public static String checkId(String id) {
        if (id.isBlank()) {
            throw new InvalidFieldException("documentId", "must not be blank");
        }
        if (id.length() > MAX_LENGTH) {
            throw new InvalidFieldException("documentId", "must be at most " + MAX_LENGTH + " characters but has "
                    + id.length());
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new InvalidFieldException("documentId", "must not contain control characters (at index "
                        + i + ")");
            }
        }
        return id;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
