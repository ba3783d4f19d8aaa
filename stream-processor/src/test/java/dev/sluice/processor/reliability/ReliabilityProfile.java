package dev.sluice.processor.reliability;

import java.time.Duration;

/**
 * How big the reliability tests are. The default suite sends 1,000 documents per test and scales outages down to
 * 10 s; the long profile ({@code -Dsluice.reliability.documents=10000}) sends 10,000 and keeps the 30 s
 * outages. {@code -Dsluice.reliability.outage=20s} sets the outage on its own.
 */
public final class ReliabilityProfile {
    /** Documents each reliability test sends. */
    public static final int DOCUMENTS = Integer.getInteger("sluice.reliability.documents", 1000);

    /** How long a service is down in the outage tests. */
    public static final Duration OUTAGE = Duration.parse("PT" + System.getProperty("sluice.reliability.outage",
            DOCUMENTS >= 10_000 ? "30s" : "10s").toUpperCase());

    /** How long a test waits for every outcome: generous, the machine is shared. */
    public static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(120 + DOCUMENTS / 20L + 3 * OUTAGE.toSeconds());

    private ReliabilityProfile() {}
}
