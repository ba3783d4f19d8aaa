package dev.sluice.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL database with a schema for one test class. {@link #jdbcUrl()} and {@link #dataSource()} put that
 * schema first on the search path, so unqualified names land in it.
 *
 * @param serverUrl JDBC URL of the database, without schema selection
 * @param user      user name
 * @param password  password
 * @param schema    the test class's own schema
 */
public record TestDatabase(String serverUrl, String user, String password, String schema) {

    /** JDBC URL that selects {@link #schema()} as the current schema. */
    public String jdbcUrl() {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A non-pooling data source on {@link #jdbcUrl()}. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    /** A new connection on {@link #jdbcUrl()}; the caller closes it. */
    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }
}
