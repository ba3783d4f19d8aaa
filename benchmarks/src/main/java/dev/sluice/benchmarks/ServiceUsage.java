package dev.sluice.benchmarks;

import java.util.Locale;

/**
 * How busy the latency model's services were over a measurement, and which of them bound it.
 *
 * @param teiBusy      share of TEI's shared throughput used, 0–1
 * @param teiMostOpen  most TEI requests in service at once
 * @param teiSlots     TEI's requests in service at most
 * @param qdrantBusy   share of Qdrant's request slots' time used, 0–1
 */
record ServiceUsage(double teiBusy, int teiMostOpen, int teiSlots, double qdrantBusy) {
    /** A service this busy over a run is what its time was spent waiting for. */
    static final double BOUND = 0.8;
    static final ServiceUsage NONE = new ServiceUsage(0, 0, 1, 0);

    /** What bound the run: a saturated service, or else the instances themselves (their own limits and work). */
    String boundBy() {
        if (teiBusy >= BOUND && teiBusy >= qdrantBusy) {
            return "TEI throughput";
        }
        if (qdrantBusy >= BOUND) {
            return "Qdrant";
        }
        if (teiMostOpen >= teiSlots) {
            return "TEI slots";
        }
        return "the instances";
    }

    /** The time-weighted mean of two measurements, for a scenario's runs. */
    ServiceUsage merge(ServiceUsage other, double seconds, double otherSeconds) {
        double total = seconds + otherSeconds;
        if (total <= 0) {
            return this;
        }
        return new ServiceUsage((teiBusy * seconds + other.teiBusy * otherSeconds) / total,
                Math.max(teiMostOpen, other.teiMostOpen), teiSlots,
                (qdrantBusy * seconds + other.qdrantBusy * otherSeconds) / total);
    }

    /** e.g. {@code TEI 97 % · Qdrant 12 %}. */
    String cells() {
        return String.format(Locale.ROOT, "TEI %.0f %% · Qdrant %.0f %%", teiBusy * 100, qdrantBusy * 100);
    }
}
