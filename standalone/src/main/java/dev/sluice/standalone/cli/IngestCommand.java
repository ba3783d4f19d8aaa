package dev.sluice.standalone.cli;

import dev.sluice.standalone.StandaloneSettings;
import dev.sluice.standalone.ingest.DocumentSource;
import dev.sluice.standalone.ingest.FolderSource;
import dev.sluice.standalone.ingest.IngestSummary;
import dev.sluice.standalone.ingest.Ingestor;
import dev.sluice.standalone.ingest.JsonlSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice ingest PATH}: posts a folder of files or a JSON Lines file through the gateway and follows it. */
@Command(name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
                "Indexes a folder of files or a JSON Lines file through the gateway.",
                "Posts documents through the gateway (POST /api/documents), waits for each one's outcome on Kafka "
                        + "and prints a summary: documents, chunks, unchanged, failed, documents/s.",
                "PATH is a folder (read recursively: .md, .markdown, .html, .htm and .txt files; the file: URL is "
                        + "the document's URL, so ingesting a file again updates it), one such file, or a JSON Lines "
                        + "file (.jsonl, .jsonl.gz) with one document per line in the fields POST /api/documents "
                        + "takes: url (required), id, title, markdown, html, text, language, metadata, ...",
                "Unreadable files and documents the gateway refuses are reported and skipped. The exit code is 1 "
                        + "when anything was skipped or failed."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  bin/sluice ingest docs/",
                "  bin/sluice ingest crawl.jsonl.gz --batch-size 200",
                "  WEBHOOK_API_SECRET=... bin/sluice ingest notes/ --gateway http://gw:8080 \\",
                "      --bootstrap-servers kafka:9092"})
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A folder, a .md/.html/.txt file, or a .jsonl/.jsonl.gz file.")
    Path path;

    @Option(names = "--gateway", defaultValue = "http://localhost:8080", description = "The gateway's URL "
            + "(default: ${DEFAULT-VALUE}).")
    URI gateway;

    @Option(names = "--api-secret", defaultValue = "${env:WEBHOOK_API_SECRET:-" + StandaloneSettings.DEV_API_SECRET
            + "}", showDefaultValue = Visibility.NEVER, description = "The gateway's API "
            + "secret (default: $WEBHOOK_API_SECRET, else the dev-mode secret of 'sluice up').")
    String apiSecret;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka, to read the outcomes from (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--batch-size", defaultValue = "100", description = "Documents per request, 1..1000 "
            + "(default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--timeout", defaultValue = "10m", description = "How long to wait for the outcomes after the "
            + "last request (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--no-wait", description = "Only post; do not wait for outcomes (no Kafka access needed).")
    boolean noWait;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        DocumentSource source = source(path);
        Ingestor.Options options = new Ingestor.Options(batchSize, Ingestor.Options.defaults().maxBatchBytes(),
                timeout, !noWait);
        IngestSummary summary;
        try (BarProgress bar = new BarProgress()) {
            Ingestor.Progress progress = noProgress ? Ingestor.Progress.NONE : bar;
            summary = Ingestor.overHttp(gateway, apiSecret, bootstrapServers, options, progress).ingest(source);
        }
        int ignored = source instanceof FolderSource f ? f.ignoredFiles() : 0;
        SummaryPrinter.print(summary, ignored, spec.commandLine().getOut());
        return summary.ok() ? 0 : 1;
    }

    static DocumentSource source(Path path) {
        if (Files.isDirectory(path)) {
            return new FolderSource(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + " does not exist");
        }
        if (JsonlSource.isJsonl(path)) {
            return JsonlSource.of(path);
        }
        if (FolderSource.isDocumentFile(path)) {
            return new FolderSource(path);
        }
        throw new IllegalArgumentException(path + " is neither a folder, a .md/.html/.txt file nor a .jsonl(.gz) "
                + "file");
    }
}
