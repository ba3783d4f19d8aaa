package dev.sluice.processor.embed.tei;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads TEI's answer to {@code /embed}: a JSON array holding, per input and in input order, an array of numbers.
 * Streams the tokens straight into {@code float[]}s (an answer of 32 × 1024 numbers is about 400 KB of JSON) and
 * checks the shape: as many vectors as inputs, all of one non-zero length, finite numbers only.
 */
final class EmbedAnswerParser {
    private static final int INITIAL_CAPACITY = 128;

    private final JsonMapper mapper;

    EmbedAnswerParser(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The vectors in {@code body}, which must hold exactly {@code expectedCount} of them. */
    List<float[]> parse(byte[] body, int expectedCount) throws MalformedAnswerException {
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedAnswerException("the answer is not a JSON array");
            }
            List<float[]> vectors = new ArrayList<>(expectedCount);
            int dimension = -1;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.START_ARRAY) {
                    throw new MalformedAnswerException("element " + vectors.size() + " of the answer is not an array");
                }
                float[] vector = readVector(parser, vectors.size(), dimension);
                if (dimension < 0) {
                    dimension = vector.length;
                } else if (vector.length != dimension) {
                    throw new MalformedAnswerException("vector " + vectors.size() + " has " + vector.length
                            + " numbers but vector 0 has " + dimension);
                }
                vectors.add(vector);
            }
            if (parser.nextToken() != null) {
                throw new MalformedAnswerException("the answer has data after its closing bracket");
            }
            if (vectors.size() != expectedCount) {
                throw new MalformedAnswerException(
                        "the answer has " + vectors.size() + " vectors for " + expectedCount + " inputs");
            }
            return vectors;
        } catch (JacksonException e) {
            String reason = e.getOriginalMessage();
            int cut = reason.indexOf(" (start marker");
            throw new MalformedAnswerException(
                    "the answer is not valid JSON: " + (cut > 0 ? reason.substring(0, cut) : reason), e);
        }
    }

    private static float[] readVector(JsonParser parser, int index, int dimension) throws MalformedAnswerException {
        float[] values = new float[dimension > 0 ? dimension : INITIAL_CAPACITY];
        int length = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw new MalformedAnswerException("vector " + index + " holds " + token + " instead of a number");
            }
            float value = parser.getFloatValue();
            if (!Float.isFinite(value)) {
                throw new MalformedAnswerException("vector " + index + " holds a number out of float range");
            }
            if (length == values.length) {
                values = Arrays.copyOf(values, length * 2);
            }
            values[length++] = value;
        }
        if (length == 0) {
            throw new MalformedAnswerException("vector " + index + " is empty");
        }
        return length == values.length ? values : Arrays.copyOf(values, length);
    }
}
