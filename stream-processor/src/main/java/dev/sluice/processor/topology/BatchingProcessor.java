package dev.sluice.processor.topology;

import dev.sluice.processor.batch.IncomingRecords;
import dev.sluice.processor.batch.PartitionBuffer;
import dev.sluice.processor.engine.BatchIndexer;
import dev.sluice.processor.engine.IndexRequest;
import dev.sluice.processor.engine.IndexResult;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeError;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the topology, one instance per task (input partition).
 *
 * <p>Every readable record goes into the changelogged buffer store. A batch is flushed when enough documents or
 * bytes wait, or when the oldest has waited {@code batch.linger.ms} (a wall-clock punctuator checks, so a quiet input
 * is never held longer), or when another task of the instance flushed a lingered batch while it waited
 * ({@link LingerClock}: a burst over many partitions starts, and is committed, together), or when no document has
 * reached the instance for {@code batch.idle.ms} (the burst is over). The batch is indexed off
 * the stream thread; completed batches are picked up on the stream thread — in {@link #process} and in the
 * punctuator — where their outcomes and dead letters are forwarded, the document and chunk stores updated and the
 * records deleted from the buffer, all in the same Kafka transaction under exactly-once. A record therefore leaves
 * the buffer only together with its outcome: after a crash or a rebalance the restored buffer still holds whatever
 * had no outcome yet, and it is indexed again (idempotently).
 *
 * <p>A document id is never in two batches at once: a newer version waits in the buffer until the older one is done.
 */
final class BatchingProcessor implements Processor<String, byte[], Object, Object> {
    private static final Logger log = LoggerFactory.getLogger(BatchingProcessor.class);
    /**
     * How often the local indexes are made durable. Rarely matters: a clean close commits, and after a crash an index
     * behind the changelog is rebuilt whatever its age; each commit fsyncs both indexes of the partition.
     */
    private static final Duration INDEX_COMMIT_INTERVAL = Duration.ofSeconds(30);
    /** Longest single wait of the stream thread when the buffer is full (it keeps forwarding outcomes meanwhile). */
    private static final Duration BACKPRESSURE_WAIT = Duration.ofMillis(50);

    private final BatchingConfig config;
    private final BatchIndexer indexer;
    private final TargetsFactory targetsFactory;
    private final InflightLimiter limiter;
    private final Executor executor;
    private final MetricsSink metrics;
    private final LingerClock lingerClock;
    private final IncomingRecords incoming = new IncomingRecords();

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, BufferedRecord> buffer;
    private DocumentStores stores;
    private OutcomeForwarder forward;
    private KeyValueStore<String, Long> meta;
    private TargetsFactory.PartitionTargets targets;
    private int partition;
    private long appliedOffset;
    private final List<Cancellable> punctuators = new ArrayList<>();

    /** Buffered records without an outcome: waiting for a batch, or in one. */
    private final PartitionBuffer<Pending> pending = new PartitionBuffer<>();
    private final InFlightBatches<Pending> inFlight;
    /** The periodic commit of the local indexes, running off the stream thread. */
    private CompletableFuture<Boolean> indexCommit = CompletableFuture.completedFuture(true);
    /** The applied offset of the last index commit started; -1 for none (or one that failed). */
    private long indexCommittedOffset = -1;

    BatchingProcessor(BatchingConfig config, BatchIndexer indexer, TargetsFactory targetsFactory,
            InflightLimiter limiter, Executor executor, MetricsSink metrics, LingerClock lingerClock) {
        this.config = config;
        this.lingerClock = lingerClock;
        this.indexer = indexer;
        this.targetsFactory = targetsFactory;
        this.limiter = limiter;
        this.executor = executor;
        this.metrics = metrics;
        this.inFlight = new InFlightBatches<>(executor, limiter);
    }

    private record Pending(BufferedRecord record, DocumentEvent event) implements PartitionBuffer.Entry {
        @Override
        public String documentId() {
            return record.documentId();
        }

        @Override
        public long offset() {
            return record.offset();
        }

        @Override
        public long bytes() {
            return record.size();
        }

        @Override
        public long bufferedAtMs() {
            return record.bufferedAtMs();
        }
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.forward = new OutcomeForwarder(context);
        this.buffer = context.getStateStore(StoreNames.BUFFER);
        this.stores = new DocumentStores(context.getStateStore(StoreNames.DOCUMENTS),
                context.getStateStore(StoreNames.CHUNKS));
        this.meta = context.getStateStore(StoreNames.META);
        this.partition = context.taskId().partition();
        Long applied = meta.get(StoreNames.APPLIED_OFFSET);
        this.appliedOffset = applied == null ? -1 : applied;
        this.targets = targetsFactory.open(partition, context.stateDir().toPath(), appliedOffset,
                stores::forEachChunk);
        restoreWaiting();
        // The tick both flushes lingered batches and picks up finished ones, so it bounds how late either happens.
        Duration tick = Duration.ofMillis(Math.clamp(config.linger().toMillis() / 10, 5, 25));
        punctuators.add(context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::tick));
        punctuators.add(context.schedule(INDEX_COMMIT_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
                now -> commitIndexesInBackground()));
    }

    /**
     * Makes the local indexes durable up to the applied offset. A Lucene commit flushes and fsyncs (tens to hundreds
     * of milliseconds for a partition's two indexes); on the stream thread it held up the outcomes of every task of
     * that thread, so it runs on the executor. Skipped while the previous one still runs: the next tick catches up.
     */
    private void commitIndexesInBackground() {
        if (!indexCommit.isDone()) {
            return;
        }
        if (!indexCommit.join()) {
            indexCommittedOffset = -1; // the last one failed: try again
        }
        if (appliedOffset == indexCommittedOffset) {
            return;
        }
        long offset = appliedOffset;
        indexCommittedOffset = offset;
        indexCommit = CompletableFuture.runAsync(() -> targets.commit(offset), executor).handle((done, e) -> {
            if (e != null) {
                // Harmless beyond a longer catch-up: an index committed at an older offset is rebuilt when it opens.
                log.warn("Partition {}: committing the local indexes at offset {} failed: {}", partition, offset,
                        e.toString());
            }
            return e == null;
        });
    }

    /** After a restart or a rebalance: what the buffer still holds had no outcome yet, so it is indexed again. */
    private void restoreWaiting() {
        try (KeyValueIterator<String, BufferedRecord> all = buffer.all()) {
            while (all.hasNext()) {
                BufferedRecord r = all.next().value;
                pending.offer(new Pending(r, incoming.document(r.topic(), r.value())));
            }
        }
        if (pending.size() > 0) {
            log.info("Partition {}: {} buffered documents without outcome are indexed again", partition,
                    pending.size());
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        long now = context.currentSystemTimeMs();
        String key;
        DocumentEvent event;
        switch (incoming.read(source.topic(), record.key(), record.value())) {
            case IncomingRecords.Rejected rejected -> {
                rejectUnreadable(rejected.key(), record.value(), source, rejected.code(), rejected.message(), now);
                return;
            }
            case IncomingRecords.Document document -> {
                key = document.documentId();
                event = document.event();
            }
        }
        BufferedRecord buffered = new BufferedRecord(key, record.value(), source.topic(), source.partition(),
                source.offset(), now);
        buffer.put(BufferedRecord.key(source.offset()), buffered);
        lingerClock.arrived(now);
        pending.offer(new Pending(buffered, event));
        tick(now);
        applyBackpressure();
    }

    private void tick(long now) {
        collectCompleted(now);
        flushDue(now);
        collectCompleted(now); // batches that finished at once (e.g. all unchanged)
        commitWhenDue();
    }

    /** Asks for the commit that makes forwarded outcomes visible, once their siblings are in too (see GroupCommit). */
    private void commitWhenDue() {
        if (GroupCommit.ofCurrentThread().commitDue(config.commitDelay(), System.nanoTime())) {
            requestCommit();
        }
    }

    /**
     * The buffer is full: hold the stream thread (so it polls no more input) while batches finish, forwarding their
     * outcomes as they do. Each wait is short, so the thread stays responsive.
     */
    private void applyBackpressure() {
        while (pending.size() >= config.maxBuffered() && !inFlight.isEmpty()) {
            try {
                inFlight.awaitOldest(BACKPRESSURE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = context.currentSystemTimeMs();
            collectCompleted(now);
            flushDue(now);
            commitWhenDue();
        }
    }

    /** Flushes as many batches as are due and fit in the in-flight budget. */
    private void flushDue(long now) {
        if (pending.waitingCount() == 0 || !indexer.admitting()) {
            return; // an external service is down: the backlog waits here, not in flight
        }
        PartitionBuffer.Limits limits = new PartitionBuffer.Limits(config.maxDocuments(), config.maxBytes());
        PartitionBuffer.Batch<Pending> batch;
        while ((batch = pending.nextBatch(limits, bufferedAt -> waitedEnough(bufferedAt, now),
                limiter::tryAcquire)) != null) {
            if (!batch.full() && (lingered(batch.entries().getFirst().record().bufferedAtMs(), now) || quiet(now))) {
                lingerClock.lingeredFlush(now); // the other tasks flush what waited as long as this (LingerClock)
            }
            submit(batch.entries(), batch.bytes());
        }
    }

    private boolean lingered(long bufferedAtMs, long now) {
        return now - bufferedAtMs >= config.linger().toMillis();
    }

    /** No document has reached the instance for {@code batch.idle.ms}: a burst has ended. */
    private boolean quiet(long now) {
        return lingerClock.quiet(now, config.idle());
    }

    /** Lingered itself, was waiting when some task's batch lingered out, or the instance's input went quiet. */
    private boolean waitedEnough(long bufferedAtMs, long now) {
        return lingered(bufferedAtMs, now) || lingerClock.overtaken(bufferedAtMs) || quiet(now);
    }

    private void submit(List<Pending> batch, long bytes) {
        String batchId = BatchIds.of(partition, batch.getFirst().record().offset());
        List<IndexRequest> requests = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            requests.add(p.event() == null ? IndexRequest.delete(p.documentId())
                    : IndexRequest.upsert(p.event(), stores.state(p.documentId())));
        }
        inFlight.start(batchId, batch, bytes, context.currentSystemTimeMs(),
                () -> indexer.index(batchId, requests, targets.targets()));
        if (log.isDebugEnabled()) {
            log.debug("Batch submitted | batch_id={} | documents={} | bytes={} | oldest_waited_ms={}", batchId,
                    batch.size(), bytes, context.currentSystemTimeMs() - batch.getFirst().record().bufferedAtMs());
        }
    }

    /** Forwards the results of every finished batch; on the stream thread only. */
    private void collectCompleted(long now) {
        for (InFlightBatches.Batch<Pending> batch : inFlight.takeDone()) {
            complete(batch, now);
        }
    }

    private void complete(InFlightBatches.Batch<Pending> batch, long now) {
        List<IndexResult> results = batch.resultsOrNull();
        if (results == null) {
            // Not a document's failure (those are results): the indexer itself broke. Keep the records buffered
            // and try again with the next flush.
            log.error("Batch {} on partition {} could not be indexed; its {} documents stay buffered: {}",
                    batch.batchId(), partition, batch.entries().size(), batch.failure());
            pending.requeue(batch.entries());
            batch.group().abandoned(batch.startNanos());
            return;
        }
        pending.release(batch.entries());
        int failed = 0;
        List<IndexOutcome> outcomes = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Pending p = batch.entries().get(i);
            IndexResult result = results.get(i);
            // the time it waited in the buffer before its batch started, beside the wait for a slot inside it
            IndexOutcome outcome = result.outcome().withTimings(result.outcome().timings()
                    .plusQueueWait(batch.submittedAtMs() - p.record().bufferedAtMs()));
            outcomes.add(outcome);
            stores.apply(p.documentId(), result);
            forward.outcome(batch.batchId(), p.record(), outcome, now);
            if (result.status() == OutcomeStatus.FAILED) {
                failed++;
            }
            buffer.delete(BufferedRecord.key(p.record().offset()));
            appliedOffset = Math.max(appliedOffset, p.record().offset());
        }
        meta.put(StoreNames.APPLIED_OFFSET, appliedOffset);
        long collectedNanos = System.nanoTime();
        batch.group().forwarded(batch.startNanos(), collectedNanos);
        long durationMs = TimeUnit.NANOSECONDS.toMillis(collectedNanos - batch.startNanos());
        log.info("Batch processing complete | total={} | success={} | failed={} | duration_ms={}",
                results.size(), results.size() - failed, failed, durationMs);
        if (log.isDebugEnabled()) {
            log.debug("Batch collected | batch_id={} | indexing_ms={} | waited_for_stream_thread_ms={}", batch.batchId(),
                    TimeUnit.NANOSECONDS.toMillis(batch.doneNanos().get() - batch.startNanos()),
                    TimeUnit.NANOSECONDS.toMillis(collectedNanos - batch.doneNanos().get()));
        }
        metrics.batchCompleted(new BatchReport(batch.batchId(), partition, durationMs, Instant.ofEpochMilli(now),
                outcomes, batch.entries().stream().map(p -> p.record().offset()).toList()));
    }

    /** A record that cannot be indexed at all: dead letter, and a FAILED outcome when it names a document. */
    private void rejectUnreadable(String key, byte[] value, RecordMetadata source, String code, String message,
            long now) {
        OutcomeError error = new OutcomeError(code, Stage.DESERIALIZATION, message, false);
        log.error("Unreadable record | topic={} | partition={} | offset={} | code={} | error={}", source.topic(),
                source.partition(), source.offset(), code, message);
        forward.rejected(key, value, source, error, now);
        metrics.recordRejected(new RejectedRecord(source.partition(), source.offset(), key, error,
                Instant.ofEpochMilli(now)));
        requestCommit(); // rare: no batch to group with
    }

    /**
     * Outcomes and dead letters become visible to read_committed consumers only with the commit (the end of the
     * transaction under exactly-once): ask for it instead of waiting up to commit.interval.ms. It only sets a flag;
     * Streams commits at most once per loop, and then every task of the thread.
     */
    private void requestCommit() {
        context.commit();
    }

    /**
     * Waits a bounded time for the batches in flight, then drops them: forwarding is not allowed here, and their
     * records are still in the buffer, so whoever owns the partition next indexes them again.
     */
    @Override
    public void close() {
        punctuators.forEach(Cancellable::cancel);
        long deadline = System.nanoTime() + config.closeTimeout().toNanos();
        int dropped = inFlight.dropAll(deadline);
        if (dropped > 0) {
            log.info("Partition {} closing: {} batches in flight dropped; their documents stay buffered",
                    partition, dropped);
        }
        try {
            indexCommit.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the final commit below covers whatever it did not
        }
        if (targets != null) {
            targets.commit(appliedOffset);
            targets.close();
        }
    }
}
