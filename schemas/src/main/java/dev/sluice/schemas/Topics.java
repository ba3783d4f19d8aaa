package dev.sluice.schemas;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry: every topic Sluice reads or writes, with its serdes. Names default to {@code sluice.*} and
 * can be overridden by configuration ({@link #withNames(Map)}).
 *
 * @param documents   documents to index, keyed by document id; a null value deletes the document
 * @param outcomes    one {@link IndexOutcome} per document version, keyed by document id
 * @param deadLetters records that could not be indexed: the original key and value bytes, with
 *                    {@link DeadLetterHeaders} naming the error and the record's origin
 * @param crawlEvents crawl lifecycle events, keyed by job id
 */
public record Topics(
        Topic<String, DocumentEvent> documents,
        Topic<String, IndexOutcome> outcomes,
        Topic<byte[], byte[]> deadLetters,
        Topic<String, CrawlEvent> crawlEvents) {

    public static final String DOCUMENTS = "sluice.documents";
    public static final String OUTCOMES = "sluice.outcomes";
    public static final String DEAD_LETTERS = "sluice.dlq";
    public static final String CRAWL_EVENTS = "sluice.crawl-events";

    /** The configuration keys that rename topics, each with its default. */
    public static final Map<String, String> NAME_KEYS = Map.of(
            "documents", DOCUMENTS, "outcomes", OUTCOMES, "dlq", DEAD_LETTERS, "crawl-events", CRAWL_EVENTS);

    private static final Topics DEFAULTS = new Topics(
            new Topic<>(DOCUMENTS, Serdes.String(), JsonSerde.of(DocumentEvent.class)),
            new Topic<>(OUTCOMES, Serdes.String(), JsonSerde.of(IndexOutcome.class)),
            new Topic<>(DEAD_LETTERS, Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(CRAWL_EVENTS, Serdes.String(), JsonSerde.of(CrawlEvent.class)));

    /** The registry with the default {@code sluice.*} names. */
    public static Topics defaults() {
        return DEFAULTS;
    }

    /**
     * The registry with some names overridden. Keys are those of {@link #NAME_KEYS}; a key not listed there or an
     * illegal topic name is rejected with a message that names it.
     */
    public static Topics withNames(Map<String, String> overrides) {
        Set<String> unknown = new java.util.TreeSet<>(overrides.keySet());
        unknown.removeAll(NAME_KEYS.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown topic key(s) " + unknown + "; expected some of "
                    + new java.util.TreeSet<>(NAME_KEYS.keySet()));
        }
        Topics d = DEFAULTS;
        return new Topics(
                d.documents.withName(overrides.getOrDefault("documents", DOCUMENTS)),
                d.outcomes.withName(overrides.getOrDefault("outcomes", OUTCOMES)),
                d.deadLetters.withName(overrides.getOrDefault("dlq", DEAD_LETTERS)),
                d.crawlEvents.withName(overrides.getOrDefault("crawl-events", CRAWL_EVENTS)));
    }
}
