package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.CrawlEventKind;
import dev.sluice.schemas.DocumentIds;
import dev.sluice.schemas.IndexOutcome;
import dev.sluice.schemas.OutcomeError;
import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.schemas.Stage;
import dev.sluice.schemas.StageTimings;
import dev.sluice.testkit.FreshDatabase;
import dev.sluice.testkit.WithPostgres;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@WithPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrawlTrackerIT {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private MetricsDatabase database;
    private CrawlTracker tracker;
    private CrawlSessions sessions;

    @BeforeAll
    void open(FreshDatabase db) {
        database = MetricsDatabase.open(MetricsStoreConfig.of(db.jdbcUrl(), db.user(), db.password()), "test");
        tracker = new CrawlTracker(database);
        sessions = new CrawlSessions(database);
    }

    @AfterAll
    void close() {
        database.close();
    }

    private static String url(int page) {
        return "https://docs.example.com/page/" + page;
    }

    private static CrawlFact received(String job, int page, int second) {
        return new CrawlFact.PageReceived(job, DocumentIds.fromUrl(url(page)), url(page), T0.plusSeconds(second));
    }

    private static CrawlFact outcome(String job, int page, OutcomeStatus status, int second) {
        StageTimings timings = status == OutcomeStatus.UNCHANGED ? new StageTimings(2, 0, 0, 0, 0, 2)
                : new StageTimings(2, 3, 50, 10, 5, 70);
        OutcomeError error = status == OutcomeStatus.FAILED
                ? new OutcomeError("EMBEDDING_UNAVAILABLE", Stage.EMBEDDING, "down", true) : null;
        return CrawlFact.of(new IndexOutcome(1, DocumentIds.fromUrl(url(page)), url(page), status, 1, "h",
                "p0-o" + page, 1, timings, error, job, T0.plusSeconds(second)));
    }

    private static CrawlFact event(String job, CrawlEventKind kind, int second, String url) {
        CrawlEvent.PageCounts pages = kind == CrawlEventKind.COMPLETED ? new CrawlEvent.PageCounts(5, 4, 1) : null;
        return CrawlFact.of(new CrawlEvent(1, job, kind, "crawl." + kind.name().toLowerCase(), "wh-" + kind + second,
                url, pages, kind == CrawlEventKind.PAGE_FAILED ? "404" : null, T0.plusSeconds(second)));
    }

    /** A crawl of five pages: three indexed, one unchanged, one the crawler could not fetch. */
    private static List<CrawlFact> crawl(String job) {
        List<CrawlFact> facts = new ArrayList<>();
        facts.add(event(job, CrawlEventKind.STARTED, 0, "https://docs.example.com"));
        for (int page = 1; page <= 4; page++) {
            facts.add(received(job, page, page));
        }
        facts.add(event(job, CrawlEventKind.PAGE_FAILED, 5, url(5)));
        facts.add(outcome(job, 1, OutcomeStatus.INDEXED, 6));
        facts.add(outcome(job, 2, OutcomeStatus.INDEXED, 7));
        facts.add(outcome(job, 3, OutcomeStatus.INDEXED, 8));
        facts.add(event(job, CrawlEventKind.COMPLETED, 9, null));
        facts.add(outcome(job, 4, OutcomeStatus.UNCHANGED, 12));
        return facts;
    }

    private CrawlSession session(String job) throws SQLException {
        return sessions.find(job).orElseThrow();
    }

    @Nested
    class Counting {
        @Test
        void shouldCountEveryPageOnceAndSettleWhenTheLastOutcomeArrives() throws SQLException {
            List<CrawlFact> facts = crawl("job-count");
            tracker.apply(facts.subList(0, facts.size() - 1));

            CrawlSession before = session("job-count");
            assertThat(before.status()).isEqualTo("completed");
            assertThat(before.pagesReceived()).isEqualTo(5);
            assertThat(before.pagesPending()).isEqualTo(1);
            assertThat(before.settled()).isFalse();
            assertThat(before.endToEndMs()).isNull();

            tracker.apply(facts.subList(facts.size() - 1, facts.size()));

            CrawlSession s = session("job-count");
            assertThat(s.baseUrl()).isEqualTo("https://docs.example.com");
            assertThat(s.pagesReceived()).isEqualTo(5);
            assertThat(s.pagesIndexed()).isEqualTo(3);
            assertThat(s.pagesUnchanged()).isEqualTo(1);
            assertThat(s.pagesFailed()).isEqualTo(1);
            assertThat(s.pagesIndexed() + s.pagesUnchanged() + s.pagesFailed()).isEqualTo(s.pagesReceived());
            assertThat(s.settled()).isTrue();
            assertThat(s.startedAt()).isEqualTo(T0);
            assertThat(s.completedAt()).isEqualTo(T0.plusSeconds(9));
            assertThat(s.lastOutcomeAt()).isEqualTo(T0.plusSeconds(12));
            assertThat(s.endToEndMs()).isEqualTo(12_000);
            assertThat(s.crawlerTotal()).isEqualTo(5);
            assertThat(s.crawlerFailed()).isEqualTo(1);
            assertThat(s.stageMs()).isEqualTo(new CrawlSession.StageTotals(3 * 2 + 2, 3 * 3, 3 * 50, 3 * 10, 3 * 5));
        }

        @Test
        void shouldNotLetAnUnchangedRedeliveryHideThatThePageWasIndexed() throws SQLException {
            tracker.apply(List.of(received("job-redelivery", 1, 1), outcome("job-redelivery", 1,
                    OutcomeStatus.INDEXED, 2), outcome("job-redelivery", 1, OutcomeStatus.UNCHANGED, 3)));

            CrawlSession s = session("job-redelivery");
            assertThat(s.pagesReceived()).isEqualTo(1);
            assertThat(s.pagesIndexed()).isEqualTo(1);
            assertThat(s.pagesUnchanged()).isZero();
        }

        @Test
        void shouldCountAPageTheCrawlerFailedAsIndexedOnceItsDocumentIsIndexedAfterAll() throws SQLException {
            tracker.apply(List.of(event("job-retried", CrawlEventKind.PAGE_FAILED, 1, url(1)),
                    received("job-retried", 1, 2), outcome("job-retried", 1, OutcomeStatus.INDEXED, 3)));

            CrawlSession s = session("job-retried");
            assertThat(s.pagesReceived()).isEqualTo(1);
            assertThat(s.pagesFailed()).isZero();
            assertThat(s.pagesIndexed()).isEqualTo(1);
        }
    }

    @Nested
    class Replays {
        @Test
        void shouldGiveTheSameCountsWhenEverythingIsAppliedAgain() throws SQLException {
            List<CrawlFact> facts = crawl("job-replay");
            tracker.apply(facts);
            CrawlSession once = session("job-replay");

            tracker.apply(facts);
            for (CrawlFact f : facts) {
                tracker.apply(List.of(f));
            }

            CrawlSession twice = session("job-replay");
            assertThat(twice).usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(once);
        }

        @Test
        void shouldGiveTheSameCountsInAnyOrder() throws SQLException {
            List<CrawlFact> facts = crawl("job-shuffled");
            tracker.apply(facts);
            CrawlSession inOrder = session("job-shuffled");

            List<CrawlFact> other = new ArrayList<>();
            for (CrawlFact f : crawl("job-shuffled-2")) {
                other.add(f);
            }
            Collections.shuffle(other, new Random(6));
            for (CrawlFact f : other) {
                tracker.apply(List.of(f));
            }

            assertThat(session("job-shuffled-2")).usingRecursiveComparison()
                    .ignoringFields("jobId", "updatedAt").isEqualTo(inOrder);
        }

        @Test
        void shouldLoseNoCountWhenSeveralTrackersWriteTheSameJobAtOnce() throws Exception {
            String job = "job-concurrent";
            List<List<CrawlFact>> perThread = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<CrawlFact> mine = new ArrayList<>();
                for (int page = t * 25; page < (t + 1) * 25; page++) {
                    mine.add(received(job, page, 1));
                    mine.add(outcome(job, page, OutcomeStatus.INDEXED, 2));
                }
                perThread.add(mine);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (List<CrawlFact> mine : perThread) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < mine.size(); i += 2) {
                            tracker.apply(mine.subList(i, i + 2));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            CrawlSession s = session(job);
            assertThat(s.pagesReceived()).isEqualTo(100);
            assertThat(s.pagesIndexed()).isEqualTo(100);
        }
    }

    @Test
    void shouldFindNothingForAnUnknownJob() throws SQLException {
        assertThat(sessions.find("no-such-job")).isEmpty();
    }
}
