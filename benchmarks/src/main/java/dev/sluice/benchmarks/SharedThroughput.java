package dev.sluice.benchmarks;

import java.util.PriorityQueue;

/**
 * A server whose throughput all requests in service share (processor sharing), as a GPU's is: {@code n} requests in
 * service each progress at {@code min(perRequest, capacity / n)} units of work per millisecond, so one request alone
 * runs at its own speed and many together at the server's total capacity. The work of a TEI request is its input
 * tokens.
 *
 * <p>Pure bookkeeping on times given by the caller (nanoseconds on any monotonic clock), so that tests can drive it;
 * {@link #serve} is the blocking form the latency model's server threads call. Exact: between two events (an arrival,
 * a completion) every request progresses at the same rate, so the state is one "virtual work" counter — the work each
 * request in service has received since the server was last empty — and each request's finishing tag.
 */
final class SharedThroughput {
    private final double capacityPerMs;
    private final double perRequestPerMs;
    private final PriorityQueue<Job> active = new PriorityQueue<>((a, b) -> Double.compare(a.tag, b.tag));
    private double virtualWork;
    private long lastNanos;
    private double servedWork;

    /**
     * @param capacityPerMs   work the server does per millisecond, over all requests in service
     * @param perRequestPerMs work one request receives per millisecond at most (its speed alone)
     */
    SharedThroughput(double capacityPerMs, double perRequestPerMs) {
        if (!(capacityPerMs > 0) || !(perRequestPerMs > 0)) {
            throw new IllegalArgumentException("capacity and per-request rate must be > 0");
        }
        this.capacityPerMs = capacityPerMs;
        this.perRequestPerMs = perRequestPerMs;
    }

    /** One request in service. */
    static final class Job {
        private final double tag;
        private boolean done;
        private long doneNanos;

        private Job(double tag) {
            this.tag = tag;
        }

        boolean done() {
            return done;
        }

        /** When it finished; meaningful once {@link #done()}. */
        long doneNanos() {
            return doneNanos;
        }
    }

    /** A request of {@code work} units arriving at {@code nowNanos}. */
    synchronized Job admit(double work, long nowNanos) {
        if (work < 0) {
            throw new IllegalArgumentException("work must be >= 0 but was " + work);
        }
        advance(nowNanos);
        Job job = new Job(virtualWork + work);
        servedWork += work;
        if (work == 0) {
            job.done = true;
            job.doneNanos = nowNanos;
        } else {
            active.add(job);
        }
        return job;
    }

    /** Nanoseconds from {@code nowNanos} until {@code job} finishes if nothing else arrives; 0 once it has. */
    synchronized long nanosUntilDone(Job job, long nowNanos) {
        advance(nowNanos);
        if (job.done) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((job.tag - virtualWork) / rate() * 1e6));
    }

    /** Requests in service at {@code nowNanos}. */
    synchronized int inService(long nowNanos) {
        advance(nowNanos);
        return active.size();
    }

    /** Work admitted since the last call (tokens, for TEI); resets the count. */
    synchronized double drainServedWork() {
        double served = servedWork;
        servedWork = 0;
        return served;
    }

    /** The server's total capacity, work per millisecond. */
    double capacityPerMs() {
        return capacityPerMs;
    }

    /**
     * Blocks the calling thread for as long as {@code work} takes on this server, sharing it with every request in
     * service meanwhile.
     */
    synchronized void serve(double work) throws InterruptedException {
        Job job = admit(work, System.nanoTime());
        notifyAll(); // the others now progress more slowly: they recompute their waits
        long wait;
        while ((wait = nanosUntilDone(job, System.nanoTime())) > 0) {
            wait(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        notifyAll(); // the others now progress faster: they recompute their waits
    }

    private double rate() {
        return Math.min(perRequestPerMs, capacityPerMs / active.size());
    }

    /** Brings the state to {@code nowNanos}, completing every request that finished before it, in order. */
    private void advance(long nowNanos) {
        if (active.isEmpty()) {
            lastNanos = Math.max(lastNanos, nowNanos);
            virtualWork = 0;
            return;
        }
        while (!active.isEmpty()) {
            Job head = active.peek();
            double finishNanos = lastNanos + (head.tag - virtualWork) / rate() * 1e6;
            if (finishNanos > nowNanos) {
                break;
            }
            active.poll();
            virtualWork = head.tag;
            lastNanos = (long) finishNanos;
            head.done = true;
            head.doneNanos = lastNanos;
        }
        if (active.isEmpty()) {
            virtualWork = 0; // tags of later requests start afresh
        } else if (nowNanos > lastNanos) {
            virtualWork += (nowNanos - lastNanos) / 1e6 * rate();
        }
        lastNanos = Math.max(lastNanos, nowNanos);
    }
}
