package dev.sluice.processor.embed.tei;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Splits texts into {@code /embed} requests of at most {@code maxBatchSize} inputs and {@code maxRequestBytes}
 * bytes of body, keeping their order. Each text is encoded as a JSON string once; the bodies are put together from
 * those bytes, so the byte limit is checked against exactly what goes on the wire.
 */
final class RequestPlanner {
    private static final byte[] PREFIX = "{\"inputs\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "],\"truncate\":true,\"normalize\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final int ENVELOPE = PREFIX.length + SUFFIX.length;

    private final int maxBatchSize;
    private final int maxRequestBytes;
    private final JsonMapper mapper;

    RequestPlanner(int maxBatchSize, int maxRequestBytes, JsonMapper mapper) {
        this.maxBatchSize = maxBatchSize;
        this.maxRequestBytes = maxRequestBytes;
        this.mapper = mapper;
    }

    /**
     * The requests for {@code texts}, in order, together covering every text once.
     *
     * @throws IndexingException permanent {@code EMBEDDING_REJECTED} when one text alone does not fit in a request
     *                           or cannot be written as JSON; nothing is sent then
     */
    List<EmbedRequest> plan(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        byte[][] encoded = encodeAll(texts);
        List<EmbedRequest> requests = new ArrayList<>();
        int from = 0;
        long bytes = ENVELOPE;
        for (int i = 0; i < encoded.length; i++) {
            int count = i - from;
            long withThis = bytes + encoded[i].length + (count == 0 ? 0 : 1);
            if (count > 0 && (count == maxBatchSize || withThis > maxRequestBytes)) {
                requests.add(request(encoded, from, i));
                from = i;
                withThis = ENVELOPE + encoded[i].length;
            }
            bytes = withThis;
        }
        requests.add(request(encoded, from, encoded.length));
        return requests;
    }

    private byte[][] encodeAll(List<String> texts) {
        byte[][] encoded = new byte[texts.size()][];
        for (int i = 0; i < encoded.length; i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null");
            }
            encoded[i] = encode(text, i);
            if (ENVELOPE + encoded[i].length > maxRequestBytes) {
                throw IndexingException.permanent(ErrorCodes.EMBEDDING_REJECTED, Stage.EMBEDDING,
                        "texts[" + i + "] takes " + encoded[i].length + " bytes as JSON, more than one request of "
                                + "embedding.max.request.bytes (" + maxRequestBytes + ") can carry");
            }
        }
        return encoded;
    }

    private byte[] encode(String text, int index) {
        int surrogate = unpairedSurrogate(text);
        if (surrogate >= 0) {
            // Jackson would escape it as \\uD800, which TEI's JSON parser refuses with a 422: say why here instead.
            throw IndexingException.permanent(ErrorCodes.EMBEDDING_REJECTED, Stage.EMBEDDING, "texts[" + index
                    + "] is not valid Unicode: an unpaired UTF-16 surrogate at char " + surrogate);
        }
        try {
            return mapper.writeValueAsBytes(text);
        } catch (JacksonException e) {
            throw new IndexingException(ErrorCodes.EMBEDDING_REJECTED, Stage.EMBEDDING, false,
                    "texts[" + index + "] cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Index of the first surrogate char without its partner, or -1. */
    private static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static EmbedRequest request(byte[][] encoded, int from, int to) {
        int size = ENVELOPE + (to - from - 1);
        for (int i = from; i < to; i++) {
            size += encoded[i].length;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        body.writeBytes(PREFIX);
        for (int i = from; i < to; i++) {
            if (i > from) {
                body.write(',');
            }
            body.writeBytes(encoded[i]);
        }
        body.writeBytes(SUFFIX);
        return new EmbedRequest(from, to, body.toByteArray());
    }
}
