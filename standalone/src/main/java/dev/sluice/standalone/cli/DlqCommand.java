package dev.sluice.standalone.cli;

import dev.sluice.standalone.dlq.DeadLetter;
import dev.sluice.standalone.dlq.DlqListing;
import dev.sluice.standalone.dlq.DlqReplayer;
import dev.sluice.standalone.dlq.ReplayOptions;
import dev.sluice.standalone.dlq.ReplaySummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice dlq list|replay}: what is in the dead-letter topic, and re-submitting it once the cause is fixed. */
@Command(name = "dlq",
        mixinStandardHelpOptions = true,
        description = {"Shows and replays the dead-letter topic (sluice.dlq).",
                "Documents that failed permanently, or ran out of retries, land there with their original key and "
                        + "payload and headers naming the error. Once the cause is fixed (the embedding server is "
                        + "back, ...), 'replay' sends them to sluice.documents again."},
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  bin/sluice dlq list",
                "  bin/sluice dlq replay --dry-run",
                "  bin/sluice dlq replay --error-code EMBEDDING_UNAVAILABLE --error-code VECTOR_STORE_UNAVAILABLE"})
final class DlqCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: give one of list, replay");
    }

    /** Options both subcommands take. */
    static final class KafkaOptions {
        @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
                description = "Kafka (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092).")
        String bootstrapServers;

        @Option(names = "--dlq-topic", defaultValue = "sluice.dlq", description = "The dead-letter topic (default: "
                + "${DEFAULT-VALUE}).")
        String dlqTopic;

        @Option(names = "--timeout", defaultValue = "60s", description = "How long to wait for Kafka (default: "
                + "${DEFAULT-VALUE}).")
        Duration timeout;
    }

    @Command(name = "list",
            mixinStandardHelpOptions = true,
            description = {"Counts the dead letters by error code and shows the most recent ones.",
                    "Reads the whole topic; commits nothing. Payloads (document content) are never shown."},
            footerHeading = "%nExamples:%n",
            footer = {"  bin/sluice dlq list", "  bin/sluice dlq list --recent 20 --bootstrap-servers kafka:9092"})
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Option(names = "--recent", defaultValue = "5", description = "How many of the most recent to show "
                + "(default: ${DEFAULT-VALUE}).")
        int recent;

        @Override
        public Integer call() {
            DlqListing.Listing listing = DlqListing.read(kafka.bootstrapServers, kafka.dlqTopic,
                    Math.max(0, recent), kafka.timeout);
            print(listing, kafka.dlqTopic, spec.commandLine().getOut());
            return 0;
        }

        static void print(DlqListing.Listing listing, String topic, PrintWriter out) {
            out.printf(Locale.ROOT, "%s: %,d dead letters%n", topic, listing.total());
            for (Map.Entry<String, Long> e : listing.byCode().entrySet()) {
                out.printf(Locale.ROOT, "  %8d  %s%n", e.getValue(), e.getKey());
            }
            if (!listing.recent().isEmpty()) {
                out.println("most recent:");
                for (DeadLetter d : listing.recent()) {
                    out.printf(Locale.ROOT, "  %s  %s  p%d@%d  key %s  %s%n", d.failedAt(), d.errorCode(),
                            d.partition(), d.offset(), abbreviate(d.keyText(), 40), abbreviate(d.message(), 100));
                }
            }
            out.flush();
        }
    }

    @Command(name = "replay",
            mixinStandardHelpOptions = true,
            description = {"Re-submits dead letters to sluice.documents, with their original key and payload.",
                    "Each selection remembers what it replayed in its own consumer group (sluice-dlq-replay, or "
                            + "sluice-dlq-replay.<CODES> with --error-code), committed only after Kafka acknowledged "
                            + "the re-submission: running the same command again replays only what is new (a different "
                            + "selection has its own group and may re-submit records another one did: harmless, a "
                            + "document indexed already comes out UNCHANGED). Records "
                            + "whose payload is not a document (garbage written to the topic) are skipped and "
                            + "counted unless --include-undecodable. The exit code is 1 when a re-submission "
                            + "failed (what was acknowledged stays committed)."},
            footerHeading = "%nExamples:%n",
            footer = {"  bin/sluice dlq replay --dry-run",
                    "  bin/sluice dlq replay",
                    "  bin/sluice dlq replay --error-code EMBEDDING_UNAVAILABLE"})
    static final class ReplayCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Option(names = "--documents-topic", defaultValue = "sluice.documents", description = "Where to re-submit "
                + "(default: ${DEFAULT-VALUE}).")
        String documentsTopic;

        @Option(names = "--error-code", paramLabel = "CODE", description = "Only records with this error code "
                + "(repeatable).")
        List<String> errorCodes = List.of();

        @Option(names = "--include-undecodable", description = "Also replay records whose payload is not a "
                + "document, or whose key is not its id.")
        boolean includeUndecodable;

        @Option(names = "--dry-run", description = "Only count what would be replayed; produce and commit nothing.")
        boolean dryRun;

        @Option(names = "--group", description = "The consumer group remembering what was replayed (default: named "
                + "after the selection).")
        String group;

        @Override
        public Integer call() {
            ReplaySummary summary = new DlqReplayer(new ReplayOptions(kafka.bootstrapServers, kafka.dlqTopic,
                    documentsTopic, new LinkedHashSet<>(errorCodes), includeUndecodable, dryRun, group,
                    kafka.timeout)).replay();
            print(summary, kafka.dlqTopic, documentsTopic, spec.commandLine().getOut());
            return 0;
        }

        static void print(ReplaySummary s, String dlqTopic, String documentsTopic, PrintWriter out) {
            out.printf(Locale.ROOT, "%s: %,d new dead letters read (group %s)%n", dlqTopic, s.read(), s.groupId());
            out.printf(Locale.ROOT, "%s %,d to %s%n", s.dryRun() ? "would replay" : "replayed", s.replayed(),
                    documentsTopic);
            out.printf(Locale.ROOT, "skipped %,d%n", s.skippedTotal());
            s.skipped().forEach((reason, n) -> out.printf(Locale.ROOT, "  %8d  %s%n", n, reason));
            if (s.dryRun()) {
                out.println("dry run: nothing was sent or committed");
            }
            out.flush();
        }
    }

    private static String abbreviate(String s, int max) {
        String oneLine = s.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
    }
}
