package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.schemas.OutcomeStatus;
import dev.sluice.testkit.FreshDatabase;
import dev.sluice.testkit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithPostgres
class RetentionJobIT {

    @Test
    void shouldDeleteRowsOlderThanTheRetentionAndKeepTheRest(FreshDatabase db) throws SQLException {
        // a little after the database's now(), so that the row of exactly 90 days is past the cut-off
        Instant now = Instant.now().plusSeconds(60);
        MetricsStoreConfig config = MetricsStoreConfig.of(db.jdbcUrl(), db.user(), db.password());
        try (MetricsDatabase database = MetricsDatabase.open(config, "test")) {
            database.migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO webhook.operation_metrics (\"timestamp\", operation_type, duration_ms) "
                        + "SELECT now() - (n || ' days')::interval, 'batch_processing', n FROM generate_series(0, 99) n");
            }
            new CrawlTracker(database).apply(List.of(new CrawlFact.PageReceived("old-job", "d1", null, now),
                    new CrawlFact.PageReceived("new-job", "d1", null, now)));
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("UPDATE webhook.crawl_sessions SET updated_at = now() - interval '91 days' "
                        + "WHERE job_id = 'old-job'");
            }

            long deleted = new RetentionJob(database, 90, Clock.fixed(now, ZoneOffset.UTC)).runOnce();

            try (Connection c = db.connect()) {
                // days 0..89 are younger than 90 days (day 90 is exactly at the cut-off and goes)
                assertThat(Rows.count(c, "SELECT count(*) FROM webhook.operation_metrics")).isEqualTo(90);
                assertThat(Rows.count(c, "SELECT min(duration_ms) FROM webhook.operation_metrics")).isZero();
                assertThat(Rows.count(c, "SELECT count(*) FROM webhook.crawl_sessions WHERE job_id = 'old-job'"))
                        .isZero();
                assertThat(Rows.count(c, "SELECT count(*) FROM webhook.crawl_pages WHERE job_id = 'old-job'"))
                        .isZero();
                assertThat(Rows.count(c, "SELECT count(*) FROM webhook.crawl_sessions WHERE job_id = 'new-job'"))
                        .isEqualTo(1);
            }
            assertThat(deleted).isEqualTo(10 + 2);
        }
    }
}
