package dev.sluice.processor.chunk;

/** Counts text length in an embedding model's own tokens (special tokens such as [CLS]/[SEP] not included). */
public interface TokenCounter {
    int count(String text);
}
