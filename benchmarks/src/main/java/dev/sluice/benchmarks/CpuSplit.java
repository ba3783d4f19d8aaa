package dev.sluice.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where this process's CPU went over a measurement, by kind of thread: the embedder's runs, indexing (cleaning,
 * chunking, Lucene: the virtual threads' carriers), Kafka Streams' threads, the broker and Kafka clients, the JIT
 * compilers, the garbage collector, and the rest. It explains a gap between the pipeline and the bare embedder: what
 * ran besides the model on the same cores.
 *
 * <p>Java threads are read by name from the {@link ThreadMXBean}; the JIT and GC threads are not Java threads, so
 * they are read from {@code /proc/self/task} (Linux; elsewhere they fall under "other"). "Other" is the process's CPU
 * that no live thread accounts for: threads that ended during the measurement, and the JVM's own.
 */
final class CpuSplit {
    enum Part { EMBEDDER, INDEXING, STREAMS, KAFKA, JIT, GC, OTHER }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux reports thread CPU in clock ticks; 100 per second on every common kernel configuration. */
    private static final double TICKS_PER_SECOND = 100;

    private final long processNanos;
    private final Map<String, Long> threadNanos; // key: kind of thread + identity, so a thread counts once
    private final Map<String, Part> partOf;

    private CpuSplit(long processNanos, Map<String, Long> threadNanos, Map<String, Part> partOf) {
        this.processNanos = processNanos;
        this.threadNanos = threadNanos;
        this.partOf = partOf;
    }

    static CpuSplit now() {
        Map<String, Long> nanos = new HashMap<>();
        Map<String, Part> parts = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue; // ended meanwhile
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                String key = "java-" + info.getThreadId();
                nanos.put(key, cpu);
                parts.put(key, javaThreadPart(info.getThreadName()));
            }
        }
        readNativeThreads(nanos, parts);
        return new CpuSplit(OS.getProcessCpuTime(), nanos, parts);
    }

    /** CPU seconds by part since {@code before}. */
    Map<Part, Double> since(CpuSplit before) {
        Map<Part, Double> seconds = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            seconds.put(p, 0.0);
        }
        double attributed = 0;
        for (Map.Entry<String, Long> e : threadNanos.entrySet()) {
            double s = (e.getValue() - before.threadNanos.getOrDefault(e.getKey(), 0L)) / 1e9;
            seconds.merge(partOf.get(e.getKey()), s, Double::sum);
            attributed += s;
        }
        double process = (processNanos - before.processNanos) / 1e9;
        seconds.merge(Part.OTHER, Math.max(0, process - attributed), Double::sum);
        return seconds;
    }

    /** Adds the CPU seconds by part from {@code before} until now to {@code totals}. */
    static void addSince(CpuSplit before, Map<Part, Double> totals) {
        now().since(before).forEach((part, s) -> totals.merge(part, s, Double::sum));
    }

    /** One line: {@code embedder 9.1 s, indexing 0.8 s, ...} with each part's share of the total. */
    static String format(Map<Part, Double> seconds) {
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        StringJoiner line = new StringJoiner(", ");
        seconds.forEach((part, s) -> line.add(String.format(Locale.ROOT, "%s %.1f s (%.0f %%)",
                part.name().toLowerCase(Locale.ROOT), s, total > 0 ? 100 * s / total : 0)));
        return line.toString();
    }

    private static Part javaThreadPart(String name) {
        if (name.startsWith("sluice-onnx")) {
            return Part.EMBEDDER;
        }
        if (name.startsWith("ForkJoinPool") || name.startsWith("sluice-index") || name.startsWith("sluice-embed")) {
            return Part.INDEXING;
        }
        if (name.contains("StreamThread") && !name.contains("producer")) {
            return Part.STREAMS;
        }
        if (name.contains("kafka") || name.contains("Kafka") || name.contains("Txn") || name.contains("raft")
                || name.contains("controller") || name.contains("coordinator") || name.startsWith("executor-")
                || name.startsWith("broker-") || name.contains("StateUpdater")) {
            return Part.KAFKA;
        }
        return Part.OTHER;
    }

    /** The JIT's and the collector's threads, which the JVM does not list as Java threads. */
    private static void readNativeThreads(Map<String, Long> nanos, Map<String, Part> parts) {
        if (!Files.isDirectory(TASKS)) {
            return;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                Part part = name.contains("CompilerThre") ? Part.JIT
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread") ? Part.GC
                        : null;
                if (part == null) {
                    continue;
                }
                // Fields after the name: state is 3rd, utime the 14th and stime the 15th of the whole line.
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                String key = "native-" + task.getFileName();
                nanos.put(key, (long) (ticks / TICKS_PER_SECOND * 1e9));
                parts.put(key, part);
            }
        } catch (IOException e) {
            // No per-thread figures here: the JIT and GC stay under "other".
        }
    }
}
