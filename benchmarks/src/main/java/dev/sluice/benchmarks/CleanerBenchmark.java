package dev.sluice.benchmarks;

import dev.sluice.processor.text.CleanedDocument;
import dev.sluice.processor.text.StructuredTextCleaner;
import dev.sluice.schemas.DocumentEvent;
import java.util.concurrent.TimeUnit;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Documents per second through {@link StructuredTextCleaner}, for a real 46 KB HTML page (the Python {@code heapq}
 * documentation, site navigation included) and a real 36 KB markdown page (Node.js {@code BUILDING.md}).
 *
 * <p>Baselines, measured in the same run: parsing the same input alone and taking the flat text ({@code jsoup}
 * {@code parse().text()}, the old worker's approach, which loses all structure) and parsing the markdown alone
 * ({@code commonmark}). The ratio shows what keeping the structure and cleaning costs on top of parsing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class CleanerBenchmark {
    private final StructuredTextCleaner cleaner = new StructuredTextCleaner();
    private final Parser markdownParser = Parser.builder().build();
    private String html;
    private String markdown;
    private DocumentEvent htmlDocument;
    private DocumentEvent markdownDocument;

    @Setup
    public void load() {
        html = TextResources.read(TextResources.HTML_PAGE);
        markdown = TextResources.read(TextResources.MARKDOWN_PAGE);
        htmlDocument = DocumentEvent.builder("https://docs.python.org/3/library/heapq.html").html(html).build();
        markdownDocument = DocumentEvent.builder("https://github.com/nodejs/node/blob/main/BUILDING.md")
                .markdown(markdown).build();
    }

    @Benchmark
    public CleanedDocument cleanHtml() {
        return cleaner.clean(htmlDocument);
    }

    @Benchmark
    public CleanedDocument cleanMarkdown() {
        return cleaner.clean(markdownDocument);
    }

    /** Baseline: jsoup parse and flat text of the same page. */
    @Benchmark
    public String baselineJsoupText() {
        return Jsoup.parse(html).text();
    }

    /** Baseline: commonmark parse of the same markdown. */
    @Benchmark
    public Object baselineCommonmarkParse() {
        return markdownParser.parse(markdown);
    }
}
