package dev.sluice.metrics;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool to PostgreSQL and the schema it must have. Opening never touches the database, so an
 * application starts while PostgreSQL is away; {@link #migrate()} brings the schema up to date on first use and is
 * retried by its callers until it succeeds.
 *
 * <p>Flyway keeps its history in {@code webhook.flyway_schema_history}. A {@code webhook} schema that exists without
 * that history (the tables of the worker Sluice replaces) is baselined at version 0, so that V1 — which only creates
 * what is missing and adds Sluice's columns — upgrades it in place.
 */
public final class MetricsDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsDatabase.class);
    public static final String SCHEMA = "webhook";
    /** Longest wait for the database's answer on an open connection before the connection counts as lost. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    private final HikariDataSource pool;
    private final MetricsStoreConfig config;
    private volatile boolean migrated;

    private MetricsDatabase(HikariDataSource pool, MetricsStoreConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** A pool on {@code config}'s database; connections are made when first needed. */
    public static MetricsDatabase open(MetricsStoreConfig config, String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(config.connectTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(config.connectTimeout().toMillis(), 1000));
        // Do not fail (or even connect) at start-up: metrics must never keep an application from starting.
        hikari.setInitializationFailTimeout(-1);
        // Driver settings as strings: with a jdbcUrl, Hikari hands them to the driver as java.util.Properties, whose
        // getProperty ignores any other type (an Integer or Boolean here was silently dropped).
        // A database host that vanishes without closing sockets must not hang a writer forever.
        hikari.addDataSourceProperty("connectTimeout", Long.toString(connectTimeoutSeconds(config)));
        hikari.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        hikari.addDataSourceProperty("ApplicationName", poolName);
        return new MetricsDatabase(new HikariDataSource(hikari), config);
    }

    private static long connectTimeoutSeconds(MetricsStoreConfig config) {
        return Math.max(1, config.connectTimeout().toSeconds());
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Brings schema {@code webhook} up to date, once per process (cheap afterwards). Safe when several processes do
     * it at the same time (Flyway holds a PostgreSQL advisory lock).
     *
     * @throws SQLException when the database cannot be reached or the migration fails
     */
    public void migrate() throws SQLException {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (migrated) {
                return;
            }
            try {
                // Connections of its own, without the pool's socket timeout: adding the indexes to an old worker's
                // table of millions of rows may take minutes.
                var result = Flyway.configure(MetricsDatabase.class.getClassLoader())
                        .dataSource(config.jdbcUrl(), config.user(), config.password())
                        .jdbcProperties(Map.of("connectTimeout", Long.toString(connectTimeoutSeconds(config)),
                                "tcpKeepAlive", "true"))
                        .schemas(SCHEMA)
                        .locations("classpath:db/migration")
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        .load()
                        .migrate();
                if (result.migrationsExecuted > 0) {
                    log.info("Metrics schema {} migrated to version {} ({} migrations)", SCHEMA,
                            result.targetSchemaVersion, result.migrationsExecuted);
                }
                migrated = true;
            } catch (FlywayException e) {
                throw new SQLException("cannot migrate schema " + SCHEMA + ": " + e.getMessage(), "08000", e);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
