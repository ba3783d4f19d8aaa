package dev.sluice.metrics;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
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

    private final HikariDataSource pool;
    private volatile boolean migrated;

    private MetricsDatabase(HikariDataSource pool) {
        this.pool = pool;
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
        // A database host that vanishes without closing sockets must not hang a writer forever.
        hikari.addDataSourceProperty("connectTimeout", Math.max(1, config.connectTimeout().toSeconds()));
        hikari.addDataSourceProperty("socketTimeout", 60);
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        // One multi-row INSERT per JDBC batch instead of one statement per row.
        hikari.addDataSourceProperty("reWriteBatchedInserts", true);
        hikari.addDataSourceProperty("ApplicationName", poolName);
        return new MetricsDatabase(new HikariDataSource(hikari));
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
                var result = Flyway.configure(MetricsDatabase.class.getClassLoader())
                        .dataSource(pool)
                        .schemas(SCHEMA)
                        .locations("classpath:db/migration")
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        .load()
                        .migrate();
                if (result.migrationsExecuted > 0) {
                    log.info("Metrics schema {} migrated to version {} ({} migrations)", SCHEMA, result.targetSchemaVersion,
                            result.migrationsExecuted);
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
