package dev.sluice.processor.reliability;

import dev.sluice.schemas.DocumentEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small generated documents for the reliability tests: one to four sections of about a hundred words, so that chunk
 * counts differ between documents (a leftover or a missing chunk shows), and a token of its own in each
 * ({@code rel<i>q}) to find it by.
 */
public final class ReliabilityDocuments {
    private static final String[] WORDS = ("kafka stream batch index chunk vector keyword search outcome partition "
            + "replica offset commit buffer linger embedding model retry backoff failure crawl page title heading "
            + "section paragraph token lucene qdrant postgres metrics latency throughput").split(" ");

    private ReliabilityDocuments() {}

    /** {@code count} documents under {@code https://<site>/...}, by document id, in sending order. */
    public static Map<String, DocumentEvent> generate(String site, int count) {
        Map<String, DocumentEvent> docs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            DocumentEvent d = DocumentEvent.builder("https://" + site + "/page/" + i)
                    .title("Page " + i)
                    .markdown(markdown(i))
                    .build();
            docs.put(d.documentId(), d);
        }
        return docs;
    }

    private static String markdown(int i) {
        StringBuilder md = new StringBuilder("# Page ").append(i).append("\n\nAbout rel").append(i).append("q.\n");
        int sections = 1 + i % 4;
        for (int s = 0; s < sections; s++) {
            md.append("\n## Section ").append(s).append("\n\n");
            for (int w = 0; w < 110; w++) {
                md.append(WORDS[(i * 7 + s * 13 + w * w) % WORDS.length]).append(w % 12 == 11 ? ". " : " ");
            }
            md.append('\n');
        }
        return md.toString();
    }
}
