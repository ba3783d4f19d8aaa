package dev.sluice.standalone;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The block logged once everything is up: where each part is and what to try first. Never shows a real secret. */
public final class ReadyBanner {
    private static final String RULE = "=".repeat(78);

    private ReadyBanner() {}

    public static String text(StandaloneRunner runner) {
        StandaloneSettings s = runner.settings();
        String q = SampleCorpus.EXAMPLE_QUERY;
        StringBuilder b = new StringBuilder(1024).append('\n').append(RULE).append('\n');
        b.append("  Sluice is ready").append(s.devMode() ? " (dev mode)" : "").append('\n');
        line(b, "gateway", runner.gatewayUrl() + "  POST /api/documents, /api/webhook/firecrawl"
                + (s.devMode() ? "  (bearer: " + s.effectiveApiSecret() + ")" : ""));
        line(b, "processor", runner.processorUrl() + "  GET /api/search, /api/stats");
        line(b, "kafka", runner.bootstrapServers() + (s.embeddedKafka() ? "  (embedded)" : ""));
        line(b, "postgresql", StandaloneSettings.redactJdbcUrl(runner.jdbcUrl()) + (s.embeddedPostgres() ? "  (embedded)" : ""));
        line(b, "embeddings", s.teiUrl().isEmpty() ? "in-process all-MiniLM-L6-v2" : "TEI at " + s.teiUrl());
        line(b, "vectors", s.qdrantUrl().isEmpty() ? "Lucene HNSW (in the data directory)" : "Qdrant at "
                + s.qdrantUrl());
        line(b, "data", s.dataDir().toString());
        // the CLI's defaults are the default ports: name the URLs only when they differ
        String searchUrl = s.processorPort() == 8081 ? "" : " --url " + runner.processorUrl();
        String ingestUrls = (s.gatewayPort() == 8080 ? "" : " --gateway " + runner.gatewayUrl())
                + (s.embeddedKafka() && s.kafkaPort() == 9092 ? "" : " --bootstrap-servers "
                + runner.bootstrapServers());
        String statusUrls = (s.gatewayPort() == 8080 ? "" : " --gateway " + runner.gatewayUrl())
                + (s.processorPort() == 8081 ? "" : " --processor " + runner.processorUrl());
        b.append("  Try:\n");
        b.append("    bin/sluice search \"").append(q).append("\"").append(searchUrl).append('\n');
        // The processor's API wants the token too; a real secret is never printed, only where it comes from.
        String token = s.apiSecret().isEmpty() ? "'Authorization: Bearer " + s.effectiveApiSecret() + "'"
                : "\"Authorization: Bearer $WEBHOOK_API_SECRET\"";
        b.append("    curl -H ").append(token).append(" '").append(runner.processorUrl()).append("/api/search?q=")
                .append(URLEncoder.encode(q, StandardCharsets.UTF_8)).append("'\n");
        b.append("    bin/sluice ingest path/to/your/docs").append(ingestUrls)
                .append("     (.md, .html, .txt files, or a .jsonl file)\n");
        b.append("    bin/sluice status").append(statusUrls).append('\n');
        b.append("  Stop with Ctrl-C.\n").append(RULE);
        return b.toString();
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append("    ").append(String.format("%-11s", name)).append(value).append('\n');
    }
}
