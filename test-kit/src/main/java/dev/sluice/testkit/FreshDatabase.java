package dev.sluice.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A whole PostgreSQL database of its own for one test class, created on first use and dropped after the class. For
 * code whose schema names are fixed (such as {@code webhook.*}), where a schema per class ({@link TestDatabase})
 * cannot keep test classes apart. Declare a parameter of this type in a {@link WithPostgres} class to get it.
 *
 * @param jdbcUrl  JDBC URL of the database
 * @param user     user name
 * @param password password
 * @param name     the database's name
 */
public record FreshDatabase(String jdbcUrl, String user, String password, String name) {

    /** A new connection to the database; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
