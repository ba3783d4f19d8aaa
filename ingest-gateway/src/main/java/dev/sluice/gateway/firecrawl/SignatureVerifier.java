package dev.sluice.gateway.firecrawl;

import dev.sluice.gateway.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;

/**
 * Checks Firecrawl's {@code X-Firecrawl-Signature: sha256=<64 hex>} header: HMAC-SHA256 of the exact body bytes with
 * the shared secret, compared in constant time. Missing → 401, malformed → 400, wrong → 401.
 */
public final class SignatureVerifier {
    public static final String HEADER = "X-Firecrawl-Signature";
    private static final Pattern FORMAT = Pattern.compile("sha256=[0-9a-fA-F]{64}");

    private final SecretKeySpec key;

    public SignatureVerifier(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public void verify(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "missing_signature",
                    "the " + HEADER + " header is required");
        }
        String value = header.strip();
        if (!FORMAT.matcher(value).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_signature",
                    "the " + HEADER + " header must be 'sha256=' followed by 64 hex digits");
        }
        byte[] given = HexFormat.of().parseHex(value.substring("sha256=".length()));
        if (!MessageDigest.isEqual(sign(body), given)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_signature",
                    "the signature does not match the body");
        }
    }

    /** HMAC-SHA256 of {@code body}; also what tests and the CLI use to sign. */
    public byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public String header(byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(sign(body));
    }
}
