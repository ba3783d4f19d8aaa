package dev.sluice.metrics;

import java.sql.SQLException;

/** Runs JDBC work so that every failure of it is an {@link SQLException}. */
final class Jdbc {
    private Jdbc() {}

    /** JDBC work that returns a value. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * A connection cut in the middle of a statement can make the PostgreSQL driver fail with an unchecked exception
     * (even an {@link AssertionError} where assertions are on). It is a lost connection all the same: reported as the
     * SQLSTATE 08006 (connection failure), which callers retry, instead of ending their thread.
     */
    static <T> T guarded(Work<T> work) throws SQLException {
        try {
            return work.run();
        } catch (RuntimeException | AssertionError e) {
            throw new SQLException("database call failed: " + e, "08006", e);
        }
    }
}
