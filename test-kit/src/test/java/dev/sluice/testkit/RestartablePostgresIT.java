package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartablePostgresIT {
    @TempDir
    Path dir;

    @Test
    void shouldComeBackOnTheSamePortWithItsDataAfterAStop() throws SQLException {
        try (RestartablePostgres pg = RestartablePostgres.start(dir)) {
            pg.execute("CREATE TABLE kept (id int)");
            pg.execute("INSERT INTO kept VALUES (42)");

            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(() -> pg.execute("SELECT 1")).isInstanceOf(SQLException.class);

            pg.startAgain();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }
}
