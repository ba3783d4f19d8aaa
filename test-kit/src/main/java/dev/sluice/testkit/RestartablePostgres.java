package dev.sluice.testkit;

import dev.sluice.embedded.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL of a test's own that can be stopped and started again on the same port with the same data, to
 * test what clients do while the database is away. Unlike the server shared by {@link WithPostgres} classes, stopping
 * it disturbs no other test.
 */
public final class RestartablePostgres implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Initialises a data directory under {@code parent} and starts the server on a free port. */
    public static RestartablePostgres start(Path parent) {
        try {
            RestartablePostgres pg = new RestartablePostgres(Files.createTempDirectory(parent, "pg"), FreePorts.take());
            pg.startAgain();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port, with the data it had. */
    public synchronized void startAgain() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL on port " + port, e);
        }
    }

    /** Stops the server (a fast shutdown: open connections are cut, as when a database host goes away). */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL on port " + port, e);
        } finally {
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** JDBC URL of database {@code postgres}, valid across restarts. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    /** Runs one SQL statement (for test set-up and checks). */
    public void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), user(), password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
