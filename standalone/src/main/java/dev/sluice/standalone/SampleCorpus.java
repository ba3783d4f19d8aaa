package dev.sluice.standalone;

import dev.sluice.standalone.ingest.IngestSummary;
import dev.sluice.standalone.ingest.Ingestor;
import dev.sluice.standalone.ingest.JsonlSource;
import java.io.FileNotFoundException;
import java.io.InputStream;

/**
 * The sample that {@code sluice up} indexes on first start, so that a search answers right away: 47 pages of the
 * Python 3.11 standard library reference (argparse, json, pathlib, re, ...), as JSON Lines in this jar.
 */
public final class SampleCorpus {
    static final String RESOURCE = "sample/python-docs.jsonl.gz";

    /** A query the sample answers well, for the ready message and the README. */
    public static final String EXAMPLE_QUERY = "parse command line arguments";

    private SampleCorpus() {}

    /** Indexes the sample through the runner's gateway and waits for its outcomes. */
    public static IngestSummary load(StandaloneRunner runner) throws java.io.IOException, InterruptedException {
        return Ingestor.overHttp(runner.gatewayUrl(), runner.settings().effectiveApiSecret(),
                runner.bootstrapServers(), Ingestor.Options.defaults(), Ingestor.Progress.NONE).ingest(source());
    }

    public static JsonlSource source() {
        return new JsonlSource("sample", true, SampleCorpus::open);
    }

    private static InputStream open() throws FileNotFoundException {
        InputStream in = SampleCorpus.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new FileNotFoundException(RESOURCE + " is missing from the jar");
        }
        return in;
    }
}
