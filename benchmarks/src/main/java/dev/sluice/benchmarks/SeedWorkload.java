package dev.sluice.benchmarks;

import dev.sluice.processor.chunk.Chunk;
import dev.sluice.processor.chunk.ChunkingConfig;
import dev.sluice.processor.chunk.StructureAwareChunker;
import dev.sluice.processor.chunk.TokenCounter;
import dev.sluice.processor.text.Block;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;

/**
 * Documents of the old worker's size, as a crawler sends them to {@code POST /api/documents}: each is a page of real
 * prose that the processor's own cleaner and chunker cut into exactly {@value #CHUNKS} chunks (the seed's ≈ 25 chunks
 * of ≤ 256 tokens; ours fill up to the chunker's 254, docs/benchmarks.md gives their spread). The prose is the
 * paragraphs of the bundled Python documentation pages ({@value #CORPUS}, 110 pages); each document is a title and
 * paragraphs drawn at random from them, with a seed taken from the round's name, so every round's documents are new
 * text under new URLs, and a run is the same for every configuration that uses the same round name.
 */
final class SeedWorkload {
    static final String CORPUS = "python-docs-110.jsonl.gz";
    static final int CHUNKS = LatencyModel.REFERENCE_CHUNKS;
    /** Paragraphs shorter than this are headings' captions, list intros and the like: not prose. */
    private static final int MIN_PARAGRAPH_WORDS = 30;
    /**
     * Drawn paragraphs joined into one: paragraphs longer than a chunk, which the chunker cuts at sentences, so that
     * chunks fill up to the limit as a long page's do (whole short paragraphs leave a fifth of a chunk empty).
     */
    private static final int JOINED_PARAGRAPHS = 5;
    /** More paragraphs than any 25-chunk document needs (about 80 of them). */
    private static final int DRAWN_PARAGRAPHS = 160;

    private final List<Paragraph> paragraphs = new ArrayList<>();
    private final StructuredTextCleaner cleaner = new StructuredTextCleaner();
    private final StructureAwareChunker chunker;

    private record Paragraph(String title, String text) {}

    SeedWorkload(TokenCounter tokens) {
        chunker = new StructureAwareChunker(ChunkingConfig.defaults(), tokens);
        try (InputStream in = TextResources.class.getResourceAsStream("/text/" + CORPUS)) {
            if (in == null) {
                throw new IllegalStateException("benchmark resource /text/" + CORPUS + " is missing");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                    StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode page = Json.mapper().readTree(line);
                String title = page.get("title").asString();
                DocumentEvent event = DocumentEvent.builder(page.get("url").asString()).title(title)
                        .html(page.get("html").asString()).build();
                for (Block block : cleaner.clean(event).blocks()) {
                    if (block.kind() == Block.Kind.PARAGRAPH
                            && block.text().split("\\s+").length >= MIN_PARAGRAPH_WORDS) {
                        paragraphs.add(new Paragraph(title, block.text()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the benchmark corpus " + CORPUS, e);
        }
    }

    /**
     * {@code count} documents under URLs unique to {@code round}; the first {@code rejected} of them carry text the
     * latency model's TEI refuses ({@link LatencyTeiServer#REJECTED_MARKER}), so they must end FAILED.
     */
    List<Workload.Page> pages(String round, int count, int rejected) {
        Random random = new Random(round.hashCode());
        List<Workload.Page> pages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String url = "https://docs.example.com/" + round + "/" + i;
            List<Paragraph> drawn = draw(random);
            String title = drawn.getFirst().title();
            if (i < rejected) {
                drawn.addFirst(new Paragraph(title, "This page carries " + LatencyTeiServer.REJECTED_MARKER
                        + ", which the latency model's embedding server refuses as invalid input."));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url);
            body.put("title", title);
            body.put("markdown", markdown(url, title, drawn));
            pages.add(new Workload.Page(url, Json.mapper().writeValueAsBytes(body)));
        }
        return pages;
    }

    private List<Paragraph> draw(Random random) {
        List<Paragraph> drawn = new ArrayList<>(DRAWN_PARAGRAPHS);
        for (int p = 0; p < DRAWN_PARAGRAPHS; p++) {
            drawn.add(paragraphs.get(random.nextInt(paragraphs.size())));
        }
        return drawn;
    }

    /**
     * The title and the longest run of the drawn paragraphs that the chunker cuts into at most {@link #CHUNKS}; when
     * that run makes fewer (the next paragraph would have added two chunks), later paragraphs that still fit are added
     * until it makes exactly {@link #CHUNKS}.
     */
    private String markdown(String url, String title, List<Paragraph> drawn) {
        int low = 1; // a prefix that fits
        int high = drawn.size(); // assumed too long: 160 paragraphs make far more than 25 chunks
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (chunks(url, title, drawn.subList(0, middle)) <= CHUNKS) {
                low = middle;
            } else {
                high = middle;
            }
        }
        List<Paragraph> chosen = new ArrayList<>(drawn.subList(0, low));
        for (int next = low + 1; next < drawn.size() && chunks(url, title, chosen) < CHUNKS; next++) {
            chosen.add(drawn.get(next));
            if (chunks(url, title, chosen) > CHUNKS) {
                chosen.removeLast();
            }
        }
        return text(title, chosen);
    }

    /** Chunks of the document, as the processor cuts it. */
    int chunks(String url, String title, String markdown) {
        return chunker.chunk(cleaner.clean(DocumentEvent.builder(url).title(title).markdown(markdown).build()))
                .size();
    }

    private int chunks(String url, String title, List<Paragraph> paragraphs) {
        return chunks(url, title, text(title, paragraphs));
    }

    private static String text(String title, List<Paragraph> paragraphs) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        for (int i = 0; i < paragraphs.size(); i++) {
            md.append(paragraphs.get(i).text());
            md.append((i + 1) % JOINED_PARAGRAPHS == 0 || i + 1 == paragraphs.size() ? "\n\n" : " ");
        }
        return md.toString();
    }

    /** Paragraphs of prose in the corpus. */
    int paragraphs() {
        return paragraphs.size();
    }

    /** The chunks of each page, as the processor cuts them. */
    List<List<Chunk>> chunksOf(List<Workload.Page> pages) {
        List<List<Chunk>> chunks = new ArrayList<>(pages.size());
        for (Workload.Page page : pages) {
            JsonNode body = Json.mapper().readTree(page.body());
            chunks.add(chunker.chunk(cleaner.clean(DocumentEvent.builder(page.url())
                    .title(body.get("title").asString()).markdown(body.get("markdown").asString()).build())));
        }
        return chunks;
    }

    /** What a sample of {@code count} documents looks like, in one line for reports. */
    String describe(int count) {
        List<Workload.Page> sample = pages("describe", count, 0);
        List<List<Chunk>> chunks = chunksOf(sample);
        List<Integer> tokens = chunks.stream().flatMap(List::stream).map(Chunk::tokenCount).toList();
        return String.format(Locale.ROOT, "%d documents of %d–%d chunks (%d in all; model tokens a chunk: min %.0f, "
                        + "p5 %.0f, median %.0f, max %.0f), %.1f KB of JSON a request on average, prose of %d "
                        + "paragraphs from %s", count, chunks.stream().mapToInt(List::size).min().orElse(0),
                chunks.stream().mapToInt(List::size).max().orElse(0), tokens.size(), Percentiles.of(tokens, 0.1),
                Percentiles.of(tokens, 5), Percentiles.of(tokens, 50), Percentiles.of(tokens, 100),
                sample.stream().mapToInt(p -> p.body().length).average().orElse(0) / 1024, paragraphs.size(), CORPUS);
    }
}
