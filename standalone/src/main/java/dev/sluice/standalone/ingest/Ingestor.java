package dev.sluice.standalone.ingest;

import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Ingests a {@link DocumentSource} through the gateway: reads it lazily, posts its documents in requests of at most
 * {@link Options#batchSize()} documents and {@link Options#maxBatchBytes()} bytes, and (unless told not to) waits for
 * every stored document's outcome. Unreadable entries and documents the gateway refuses are reported and counted,
 * never fatal; a gateway that cannot be used at all ends the ingest with {@link GatewayClient.GatewayException}.
 */
public final class Ingestor {
    /**
     * Largest document sent: the gateway's default body limit (10 MB) less the request's envelope. A larger one is
     * rejected here, since the gateway may cut the connection on it rather than answer 413.
     */
    public static final long MAX_DOCUMENT_BYTES = 10L * 1024 * 1024 - 64;

    /**
     * @param batchSize       documents per request (the gateway's default limit is 1000)
     * @param maxBatchBytes   bytes per request (the gateway's default body limit is 10 MB)
     * @param outcomeTimeout  how long to wait for the outcomes after the last request
     * @param waitForOutcomes whether to wait for outcomes at all
     */
    public record Options(int batchSize, long maxBatchBytes, Duration outcomeTimeout, boolean waitForOutcomes) {
        public Options {
            if (batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException("batch-size must be in 1..1000 but was " + batchSize);
            }
            if (maxBatchBytes < 1024) {
                throw new IllegalArgumentException("max batch bytes must be >= 1024 but was " + maxBatchBytes);
            }
            if (outcomeTimeout.isNegative() || outcomeTimeout.isZero()) {
                throw new IllegalArgumentException("timeout must be > 0 but was " + outcomeTimeout);
            }
        }

        public static Options defaults() {
            return new Options(100, 4L * 1024 * 1024, Duration.ofMinutes(10), true);
        }
    }

    /** Progress of an ingest: the total, then one step per entry finished (outcome, rejection or, without waiting, storage). */
    public interface Progress {
        void start(String source, int total);

        void step();

        Progress NONE = new Progress() {
            @Override
            public void start(String source, int total) {}

            @Override
            public void step() {}
        };
    }

    private final GatewayClient gateway;
    private final Function<Consumer<IndexOutcome>, OutcomeWatcher> watchers;
    private final Options options;
    private final Progress progress;

    /**
     * @param watchers opens an {@link OutcomeWatcher} that reports to the given listener (only when waiting)
     */
    public Ingestor(GatewayClient gateway, Function<Consumer<IndexOutcome>, OutcomeWatcher> watchers,
            Options options, Progress progress) {
        this.gateway = gateway;
        this.watchers = watchers;
        this.options = options;
        this.progress = progress;
    }

    /**
     * The ingest of {@code sluice ingest}: documents go to the gateway at {@code gateway} with the bearer token
     * {@code apiSecret}; outcomes are read from {@code sluice.outcomes} on Kafka at {@code bootstrapServers}.
     */
    public static Ingestor overHttp(URI gateway, String apiSecret, String bootstrapServers, Options options,
            Progress progress) {
        GatewayClient client = new GatewayClient(gateway, apiSecret, Duration.ofSeconds(60), Duration.ofMinutes(2));
        return new Ingestor(client, listener -> new OutcomeWatcher(bootstrapServers,
                Topics.defaults().outcomes(), Duration.ofSeconds(15), listener), options, progress);
    }

    public IngestSummary ingest(DocumentSource source) throws IOException, InterruptedException {
        Run run = new Run(source.name());
        progress.start(source.name(), source.count());
        OutcomeWatcher watcher = options.waitForOutcomes() ? watchers.apply(run::outcome) : null;
        try {
            long start = System.nanoTime();
            List<SourceEntry.Document> batch = new ArrayList<>();
            long batchBytes = 16;
            for (Iterator<SourceEntry> it = source.entries(); it.hasNext(); ) {
                SourceEntry entry = it.next();
                run.read++;
                if (entry instanceof SourceEntry.Unreadable u) {
                    run.reject(u.origin(), u.reason());
                    continue;
                }
                SourceEntry.Document d = (SourceEntry.Document) entry;
                int size = GatewayClient.bodyBytes(d);
                if (size > MAX_DOCUMENT_BYTES) {
                    run.reject(d.origin(), "larger than the gateway's 10 MB body limit (" + size + " bytes)");
                    continue;
                }
                if (!batch.isEmpty() && (batch.size() >= options.batchSize()
                        || batchBytes + size > options.maxBatchBytes())) {
                    post(batch, run, watcher);
                    batch = new ArrayList<>();
                    batchBytes = 16;
                }
                batch.add(d);
                batchBytes += size;
            }
            if (!batch.isEmpty()) {
                post(batch, run, watcher);
            }
            int missing = 0;
            if (watcher != null) {
                missing = watcher.await(options.outcomeTimeout());
                if (missing > 0) {
                    run.problem(source.name() + ": no outcome for " + missing + " document(s) within "
                            + options.outcomeTimeout().toSeconds() + " s");
                }
            }
            return run.summary(missing, Duration.ofNanos(System.nanoTime() - start), watcher != null);
        } finally {
            if (watcher != null) {
                watcher.close();
            }
        }
    }

    private void post(List<SourceEntry.Document> batch, Run run, OutcomeWatcher watcher) throws IOException {
        for (GatewayClient.Posted p : gateway.post(batch)) {
            switch (p) {
                case GatewayClient.Accepted a -> {
                    run.accepted(a.documentId(), a.document().origin());
                    if (watcher != null) {
                        watcher.expect(a.documentId());
                    } else {
                        progress.step();
                    }
                }
                case GatewayClient.Rejected r -> run.reject(r.document().origin(), r.reason());
            }
        }
    }

    /** The counts of one ingest; outcomes arrive on the watcher's thread. */
    private final class Run {
        private final String source;
        private final Map<String, String> origins = new HashMap<>();
        private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        private int read;
        private int accepted;
        private int rejected;
        private int indexed;
        private int unchanged;
        private int deleted;
        private int failed;
        private long chunks;

        Run(String source) {
            this.source = source;
        }

        synchronized void accepted(String id, String origin) {
            accepted++;
            origins.put(id, origin);
        }

        synchronized void reject(String origin, String reason) {
            rejected++;
            problems.add(origin + ": " + reason);
            progress.step();
        }

        void problem(String line) {
            problems.add(line);
        }

        void outcome(IndexOutcome o) {
            synchronized (this) {
                switch (o.status()) {
                    case INDEXED -> { indexed++; chunks += o.chunkCount(); }
                    case UNCHANGED -> { unchanged++; chunks += o.chunkCount(); }
                    case DELETED -> deleted++;
                    case FAILED -> {
                        failed++;
                        problems.add(origins.getOrDefault(o.documentId(), o.documentId()) + ": not indexed, "
                                + o.error().code() + " (" + o.error().message() + ")");
                    }
                }
            }
            progress.step();
        }

        synchronized IngestSummary summary(int missing, Duration elapsed, boolean waited) {
            return new IngestSummary(source, read, accepted, indexed, unchanged, deleted, failed, rejected, missing,
                    chunks, elapsed, waited, problems);
        }
    }
}
