package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.FreshDatabase;
import dev.sluice.testkit.WithPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@WithPostgres
class MetricsDatabaseIT {

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static MetricsDatabase open(FreshDatabase db) {
        return MetricsDatabase.open(MetricsStoreConfig.of(db.jdbcUrl(), db.user(), db.password()), "test");
    }

    @Nested
    class OnAnEmptyDatabase {
        @Test
        void shouldCreateTheContractsTablesColumnsAndIndexes(FreshDatabase db) throws SQLException {
            try (MetricsDatabase metrics = open(db)) {
                metrics.migrate();
                metrics.migrate(); // a second call (and a second process) changes nothing
            }
            try (MetricsDatabase again = open(db)) {
                again.migrate();
            }
            try (Connection c = db.connect()) {
                assertThat(strings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                        + "'webhook' AND table_name = 'operation_metrics'"))
                        .contains("timestamp", "operation_type", "operation_name", "duration_ms", "success",
                                "error_message", "document_url", "job_id", "crawl_id", "extra_metadata", "batch_id",
                                "kafka_partition", "attempt");
                assertThat(strings(c, "SELECT data_type FROM information_schema.columns WHERE table_schema = "
                        + "'webhook' AND table_name = 'operation_metrics' AND column_name = 'extra_metadata'"))
                        .containsExactly("jsonb");
                assertThat(strings(c, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'webhook' "
                        + "AND tablename = 'operation_metrics'"))
                        .anyMatch(def -> def.contains("(operation_type, \"timestamp\")"))
                        .anyMatch(def -> def.contains("(crawl_id)"));
                assertThat(strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                        + "'webhook'")).contains("operation_metrics", "crawl_sessions", "crawl_pages");
                assertThat(strings(c, "SELECT version FROM webhook.flyway_schema_history WHERE success "
                        + "AND version IS NOT NULL")).contains("1");
            }
        }
    }

    @Nested
    class WithTheCredentialsInTheUrlAlone {
        @Test
        void shouldMigrateAndConnectAsTheProcessorDoesWithoutSluiceJdbcUser(FreshDatabase db) throws SQLException {
            StringBuilder url = new StringBuilder(db.jdbcUrl()).append(db.jdbcUrl().contains("?") ? "&" : "?")
                    .append("user=").append(URLEncoder.encode(db.user(), StandardCharsets.UTF_8));
            if (db.password() != null && !db.password().isEmpty()) {
                url.append("&password=").append(URLEncoder.encode(db.password(), StandardCharsets.UTF_8));
            }
            // sluice.jdbc-user and sluice.jdbc-password unset: the applications pass empty strings
            try (MetricsDatabase metrics = MetricsDatabase.open(MetricsStoreConfig.of(url.toString(), "", ""),
                    "test")) {
                metrics.migrate();
                try (Connection c = metrics.dataSource().getConnection()) {
                    assertThat(strings(c, "SELECT current_user")).containsExactly(db.user());
                    assertThat(Rows.count(c, "SELECT count(*) FROM webhook.operation_metrics")).isZero();
                }
            }
        }
    }

    @Nested
    class WhereTheOldWorkersTableExists {
        @Test
        void shouldKeepItsRowsAndAddSluicesColumns(FreshDatabase db) throws SQLException {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA webhook");
                s.execute("CREATE TABLE webhook.operation_metrics (id serial PRIMARY KEY, timestamp timestamptz "
                        + "DEFAULT now(), operation_type varchar(50), operation_name varchar(100), duration_ms float, "
                        + "success boolean, error_message text, document_url text, job_id varchar(100), "
                        + "crawl_id varchar(100), extra_metadata jsonb)");
                s.execute("INSERT INTO webhook.operation_metrics (operation_type, duration_ms, success) "
                        + "VALUES ('batch_processing', 1243, true)");
            }

            try (MetricsDatabase metrics = open(db)) {
                metrics.migrate();
            }

            try (Connection c = db.connect()) {
                assertThat(Rows.count(c, "SELECT count(*) FROM webhook.operation_metrics "
                        + "WHERE operation_type = 'batch_processing'")).isEqualTo(1);
                assertThat(strings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                        + "'webhook' AND table_name = 'operation_metrics'"))
                        .contains("batch_id", "kafka_partition", "attempt");
                assertThat(strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                        + "'webhook'")).contains("crawl_sessions", "crawl_pages");
            }
        }
    }
}
