package dev.sluice.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * CPU time and peak heap of this process over a measurement: {@link #start()} resets the heap pools' peaks, then
 * {@link #cpuSeconds()} and {@link #peakHeapMb()} report since then. The whole process is measured — processor,
 * gateway, broker and the model servers alike — since they share the machine as they would share one host.
 */
final class ProcessUsage {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long cpuAtStart;

    private ProcessUsage() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        cpuAtStart = os.getProcessCpuTime();
    }

    static ProcessUsage start() {
        return new ProcessUsage();
    }

    double cpuSeconds() {
        return (os.getProcessCpuTime() - cpuAtStart) / 1e9;
    }

    /** The sum of the heap pools' peaks since the start (an upper bound of the peak of their sum). */
    double peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024.0 * 1024.0);
    }
}
