package dev.sluice.metrics;

import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.IndexOutcome;
import java.time.Instant;
import java.util.Objects;

/** Something learnt about a crawl job, as {@link CrawlTracker} applies it. Each names its job. */
public sealed interface CrawlFact {

    String jobId();

    /** A page of the job reached Sluice (its document was accepted). */
    record PageReceived(String jobId, String documentId, String url, Instant at) implements CrawlFact {
        public PageReceived {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(documentId, "documentId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A page of the job got its outcome. */
    record PageOutcome(IndexOutcome outcome) implements CrawlFact {
        public PageOutcome {
            Objects.requireNonNull(outcome.jobId(), "outcome.jobId");
        }

        @Override
        public String jobId() {
            return outcome.jobId();
        }
    }

    /** A lifecycle event of the job (started, a page the crawler could not fetch, completed, failed, cancelled). */
    record Lifecycle(CrawlEvent event) implements CrawlFact {
        @Override
        public String jobId() {
            return event.jobId();
        }
    }

    static CrawlFact of(IndexOutcome outcome) {
        return new PageOutcome(outcome);
    }

    static CrawlFact of(CrawlEvent event) {
        return new Lifecycle(event);
    }
}
