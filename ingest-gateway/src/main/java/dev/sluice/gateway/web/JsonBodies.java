package dev.sluice.gateway.web;

import dev.sluice.schemas.Json;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * Reads request bodies as JSON trees. Malformed JSON (or invalid UTF-8) is a 400 that says where the parser stopped;
 * what the fields must be is checked afterwards by {@link Fields}, which answers 422 naming the field.
 *
 * <p>Stricter than the parser's defaults in two ways, both because a signed body must mean one thing: the bytes must be
 * well-formed UTF-8 (the parser lets overlong forms and encoded surrogates through, which then fail, or change meaning,
 * when the document is written again), and an object must not name a key twice (which of the two did the signer
 * mean?).
 */
public final class JsonBodies {
    private static final ObjectReader READER = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private JsonBodies() {}

    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", "the request body is empty");
        }
        requireUtf8(body);
        try {
            JsonNode node = READER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", "the request body is empty");
            }
            return node;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                    + " (byte " + at.getByteOffset() + ")";
            String what = e.getOriginalMessage();
            int newline = what.indexOf('\n');
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json",
                    "the body is not valid JSON" + where + ": " + (newline > 0 ? what.substring(0, newline) : what));
        }
    }

    /** Decodes into a small reused buffer: checks without holding a second copy of a 10 MB body. */
    private static void requireUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", "the body is not valid UTF-8 (at byte "
                        + in.position() + ")");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }
}
