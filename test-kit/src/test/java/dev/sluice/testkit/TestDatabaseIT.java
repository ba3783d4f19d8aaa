package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@WithPostgres
class TestDatabaseIT {

    @Test
    void shouldGiveTheClassAFreshSchemaOnTheSearchPath(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_schema(), version()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(db.schema());
                assertThat(rs.getString(2)).startsWith("PostgreSQL");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            s.execute("CREATE TABLE t (id int PRIMARY KEY, doc jsonb)");
            s.execute("INSERT INTO t VALUES (1, '{\"a\":1}') ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc");
            try (ResultSet rs = s.executeQuery("SELECT doc->>'a' FROM " + db.schema() + ".t")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1");
            }
        }
    }

    @Test
    void shouldShareTheSchemaWithinTheClass(TestDatabase first, TestDatabase second) {
        assertThat(first).isSameAs(second);
        assertThat(first.schema()).startsWith("t_testdatabaseit_");
    }

    @Test
    void shouldGiveTheClassADatabaseOfItsOwnWhenAsked(FreshDatabase first, FreshDatabase second) throws SQLException {
        assertThat(first).isSameAs(second);
        try (Connection c = first.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA webhook");
            s.execute("CREATE TABLE webhook.t (id int)");
            try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(first.name());
            }
        }
    }
}
