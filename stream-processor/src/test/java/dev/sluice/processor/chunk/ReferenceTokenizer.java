package dev.sluice.processor.chunk;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The model's tokenizer loaded independently of {@link ModelTokenCounter}, with truncation off: the reference the
 * counter is checked against (one whole-text encode, no word splitting, no cache, no overflow arithmetic).
 */
final class ReferenceTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    ReferenceTokenizer() {
        try (InputStream in = ReferenceTokenizer.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json")) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int count(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
