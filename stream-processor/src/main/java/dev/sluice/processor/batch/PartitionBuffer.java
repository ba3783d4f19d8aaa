package dev.sluice.processor.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * The documents of one partition that have no outcome yet, and which of them may go into the next batch. Pure: no
 * Kafka, no clock, no threads — the processor gives it the time and the rules, and tells it what finished.
 *
 * <p>An entry waits until it is taken into a batch ({@link #nextBatch}), then is in flight until its batch is
 * {@linkplain #release released} (it has an outcome) or {@linkplain #requeue requeued} (the batch failed as a whole
 * and its entries wait again, in their place). Batches take waiting entries in offset order, so the oldest go first.
 * <b>One version of a document at a time</b>: an entry whose document id is in flight, or already in the batch being
 * formed, is passed over and waits for the older version's outcome; versions of an id therefore complete in offset
 * order.
 *
 * @param <E> an entry: a buffered document record
 */
public final class PartitionBuffer<E extends PartitionBuffer.Entry> {

    /** What the buffer needs to know of a buffered record. */
    public interface Entry {
        String documentId();

        /** Its offset in the partition: unique, and the order of arrival. */
        long offset();

        /** Its size, counted against {@code maxBytes}. */
        long bytes();

        /** When it was buffered (ms). */
        long bufferedAtMs();
    }

    /** The limits of one batch. */
    public record Limits(int maxDocuments, long maxBytes) {
        public Limits {
            if (maxDocuments < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("batch limits must be >= 1: " + maxDocuments + ", " + maxBytes);
            }
        }
    }

    /**
     * A batch taken out of the buffer.
     *
     * @param full whether it reached a limit (count or bytes) rather than being flushed because it waited long enough
     */
    public record Batch<E>(List<E> entries, long bytes, boolean full) {}

    private final TreeMap<Long, E> waiting = new TreeMap<>();
    private final Set<String> inFlightIds = new HashSet<>();
    private long waitingBytes;
    private int inFlight;

    /** A new record; its offset must not be in the buffer already. */
    public void offer(E entry) {
        if (waiting.putIfAbsent(entry.offset(), entry) != null) {
            throw new IllegalArgumentException("offset " + entry.offset() + " is already buffered");
        }
        waitingBytes += entry.bytes();
    }

    /**
     * The next batch, taken out of the waiting entries and put in flight, or {@code null} when none is due:
     * <ul>
     *   <li>entries are taken in offset order, skipping ids in flight or already taken, until {@code limits} is
     *       reached (a single entry larger than {@code maxBytes} makes a batch of its own);</li>
     *   <li>a batch that is not full is only taken when its oldest entry {@code waitedEnough} (given its
     *       {@code bufferedAtMs}): linger, or whatever else the caller counts as waiting enough;</li>
     *   <li>and only if {@code admit} accepts its count and bytes (room in flight).</li>
     * </ul>
     */
    public Batch<E> nextBatch(Limits limits, LongPredicate waitedEnough, Admission admit) {
        if (waiting.isEmpty()) {
            return null;
        }
        long oldest = waiting.firstEntry().getValue().bufferedAtMs();
        boolean maybeDue = waiting.size() >= limits.maxDocuments() || waitingBytes >= limits.maxBytes()
                || waitedEnough.test(oldest);
        if (!maybeDue) {
            return null;
        }
        List<E> batch = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long bytes = 0;
        boolean full = false;
        for (E e : waiting.values()) {
            if (inFlightIds.contains(e.documentId()) || ids.contains(e.documentId())) {
                continue; // a newer version waits for the older one
            }
            if (!batch.isEmpty() && bytes + e.bytes() > limits.maxBytes()) {
                full = true;
                break;
            }
            batch.add(e);
            ids.add(e.documentId());
            bytes += e.bytes();
            if (batch.size() >= limits.maxDocuments() || bytes >= limits.maxBytes()) {
                full = true;
                break;
            }
        }
        if (batch.isEmpty() || !full && !waitedEnough.test(batch.getFirst().bufferedAtMs())
                || !admit.admit(batch.size(), bytes)) {
            return null;
        }
        for (E e : batch) {
            waiting.remove(e.offset());
            waitingBytes -= e.bytes();
        }
        inFlightIds.addAll(ids);
        inFlight += batch.size();
        return new Batch<>(List.copyOf(batch), bytes, full);
    }

    /** Room for a batch in flight. */
    @FunctionalInterface
    public interface Admission {
        Admission ALWAYS = (documents, bytes) -> true;

        /** Takes room for a batch of {@code documents} and {@code bytes} if there is some; never blocks. */
        boolean admit(int documents, long bytes);
    }

    /** The entries of a batch have their outcomes: they leave the buffer, and newer versions of their ids may go. */
    public void release(Collection<E> batch) {
        for (E e : batch) {
            if (!inFlightIds.remove(e.documentId())) {
                throw new IllegalStateException("document " + e.documentId() + " was not in flight");
            }
        }
        inFlight -= batch.size();
    }

    /** A batch failed as a whole: its entries wait again, in their place, and are taken again by later batches. */
    public void requeue(Collection<E> batch) {
        release(batch);
        batch.forEach(this::offer);
    }

    /** Entries waiting for a batch. */
    public int waitingCount() {
        return waiting.size();
    }

    public long waitingBytes() {
        return waitingBytes;
    }

    /** Entries in batches that have no outcome yet. */
    public int inFlightCount() {
        return inFlight;
    }

    /** Waiting and in flight: what the partition holds without an outcome. */
    public int size() {
        return waiting.size() + inFlight;
    }
}
