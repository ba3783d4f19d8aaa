/**
 * Cleaning: a document's markdown, HTML or plain text becomes a {@link dev.sluice.processor.text.CleanedDocument}, a
 * list of structural {@link dev.sluice.processor.text.Block}s in reading order.
 * {@link dev.sluice.processor.text.StructuredTextCleaner} is the implementation; the extractors and the normaliser
 * behind it are package-private.
 */
package dev.sluice.processor.text;
