package dev.sluice.benchmarks;

import dev.sluice.schemas.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small pages as a crawler sends them to {@code POST /api/documents}: markdown of about {@code bytes} bytes (a
 * heading, sections, paragraphs of generated prose; at 5 KB about 5 chunks, a fifth of the old worker's document).
 * The gateway's load runs post these; the reference scenarios post {@link SeedWorkload}'s documents and keep these
 * only for the extra {@code crawl50-small-pages} row. The URLs are new for every {@code round}, so every run indexes
 * new documents.
 */
final class Workload {
    private static final String[] WORDS = ("the stream processor groups documents into batches by count size and "
            + "time and indexes each batch concurrently with text cleaning chunking embedding vector upsert and keyword "
            + "search every document gets exactly one outcome failures go to a dead letter topic").split(" ");

    private Workload() {}

    /** One document's request body. */
    record Page(String url, byte[] body) {}

    /** {@code count} pages of about {@code bytes} bytes of markdown, under URLs unique to {@code round}. */
    static List<Page> pages(String round, int count, int bytes) {
        List<Page> pages = new ArrayList<>(count);
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            StringBuilder md = new StringBuilder("# Page " + i + "\n\n");
            while (md.length() < bytes) {
                md.append("## Section ").append(md.length() / 1000).append("\n\n");
                for (int p = 0; p < 3 && md.length() < bytes; p++) {
                    for (int w = 0; w < 60; w++) {
                        md.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                    }
                    md.append(".\n\n");
                }
            }
            String url = "https://docs.example.com/" + round + "/" + i;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url);
            body.put("title", "Page " + i);
            body.put("markdown", md.toString());
            pages.add(new Page(url, Json.mapper().writeValueAsBytes(body)));
        }
        return pages;
    }
}
