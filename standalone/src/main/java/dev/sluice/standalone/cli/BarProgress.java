package dev.sluice.standalone.cli;

import dev.sluice.standalone.ingest.Ingestor;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Ingest progress as a progress bar on standard error: one step per document finished. */
final class BarProgress implements Ingestor.Progress, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void start(String source, int total) {
        bar = new ProgressBarBuilder()
                .setTaskName("Indexing")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" docs", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    @Override
    public void step() {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
