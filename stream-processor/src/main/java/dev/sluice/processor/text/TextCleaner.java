package dev.sluice.processor.text;

import dev.sluice.schemas.DocumentEvent;

/**
 * Turns a document's content into readable text with its structure kept. Input preference: markdown if present,
 * else HTML, else plain text. Never throws for bad content: what cannot be read is dropped, and a document with
 * nothing left comes back {@linkplain CleanedDocument#isEmpty() empty}.
 */
public interface TextCleaner {
    CleanedDocument clean(DocumentEvent document);
}
