package dev.sluice.standalone.cli;

import dev.sluice.standalone.StandaloneSettings;
import dev.sluice.standalone.client.SearchClient;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice search "query"}: ranked results with title, URL, score and snippet. */
@Command(name = "search",
        mixinStandardHelpOptions = true,
        description = {"Searches what was indexed and prints the ranked results.",
                "Asks GET /api/search of the processor (or of the gateway, with --url) and prints title, URL, score "
                        + "and snippet of each result."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  bin/sluice search \"parse command line arguments\"",
                "  bin/sluice search \"gzip\" --mode bm25 --limit 3",
                "  bin/sluice search \"read a csv file\" --url http://localhost:8080     (through the gateway)"})
final class SearchCommand implements Callable<Integer> {
    /** Longest snippet printed, in characters. */
    static final int SNIPPET_CHARS = 200;

    enum Mode { hybrid, bm25, vector }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "QUERY", arity = "1..*", description = "What to look for (several words may be given "
            + "without quotes).")
    String[] query;

    @Option(names = "--mode", defaultValue = "hybrid", description = "hybrid (BM25 + vectors, fused), bm25 or vector "
            + "(default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--limit", defaultValue = "10", description = "How many results, 1..100 (default: "
            + "${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--url", defaultValue = "${env:SLUICE_SEARCH_URL:-http://localhost:8081}", description = "The "
            + "processor's URL, or the gateway's (its search proxy needs the API secret) (default: "
            + "${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--api-secret", defaultValue = "${env:WEBHOOK_API_SECRET:-" + StandaloneSettings.DEV_API_SECRET
            + "}", showDefaultValue = Visibility.NEVER, description = "Bearer token sent "
            + "along, for the gateway (default: $WEBHOOK_API_SECRET, else the dev-mode secret).")
    String apiSecret;

    @Option(names = "--timeout", defaultValue = "30s", description = "How long to wait for the answer (default: "
            + "${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > 100) {
            throw new ParameterException(spec.commandLine(), "--limit must be in 1..100 but was "
                    + limit);
        }
        String q = String.join(" ", query).strip();
        SearchClient.Result result = new SearchClient(timeout).search(url, q, mode.name(), limit, apiSecret);
        print(result, spec.commandLine().getOut());
        return 0;
    }

    static void print(SearchClient.Result result, PrintWriter out) {
        if (result.hits().isEmpty()) {
            out.println("No results.");
        }
        int rank = 1;
        for (SearchClient.Hit h : result.hits()) {
            String title = h.title().isBlank() ? h.url() : h.title();
            out.printf(Locale.ROOT, "%2d. %s  (%.4f)%n", rank++, title, h.score());
            out.println("    " + h.url());
            String snippet = oneLine(h.snippet());
            if (!snippet.isEmpty()) {
                out.println("    " + snippet);
            }
        }
        if (result.partial()) {
            out.println("(partial: an instance of the cluster did not answer)");
        }
        out.flush();
    }

    static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS - 1) + "…";
    }
}
