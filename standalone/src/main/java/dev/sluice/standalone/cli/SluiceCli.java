package dev.sluice.standalone.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sluice} command line: {@code up} runs the whole pipeline in one JVM; {@code ingest}, {@code search} and
 * {@code status} talk to a running one over HTTP (and Kafka, to follow outcomes); {@code dlq} lists and replays the
 * dead-letter topic.
 */
@Command(name = "sluice",
        mixinStandardHelpOptions = true,
        version = "sluice 0.1.0",
        description = "Sluice indexes documents pushed over HTTP (Kafka Streams, embeddings, Lucene/Qdrant) and "
                + "searches them.",
        subcommands = {UpCommand.class, IngestCommand.class, SearchCommand.class, StatusCommand.class, DlqCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  bin/sluice up                    start everything; indexes a sample on the first start",
                "  bin/sluice search \"parse command line arguments\"",
                "  bin/sluice ingest ~/notes        a folder of .md, .html and .txt files",
                "  bin/sluice ingest pages.jsonl.gz one document per line",
                "  bin/sluice status",
                "  bin/sluice dlq list               what failed, by error code",
                "  bin/sluice dlq replay             re-submit dead letters once the cause is fixed",
                "  bin/sluice help up               every option of a command"})
public final class SluiceCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: give one of up, ingest, search, status, dlq");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with Sluice's conventions: durations as {@code 30s}/{@code 10m}, errors of a command printed as
     * one line (exit code 1), usage errors with the usage (exit code 2).
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SluiceCli());
        cli.registerConverter(java.time.Duration.class, Durations::parse);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getColorScheme().errorText("sluice " + commandLine.getCommandName() + ": "
                    + message(e)));
            err.flush();
            return 1;
        });
        return cli;
    }

    /** The exception's message, followed by its root cause's when that says more (Spring wraps the useful one). */
    static String message(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += ": " + root.getMessage();
        }
        return message;
    }
}
