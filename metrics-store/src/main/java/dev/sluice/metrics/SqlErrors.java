package dev.sluice.metrics;

import java.sql.SQLException;

/** Sorts database errors into those worth retrying (the database is away or busy) and those that are not. */
final class SqlErrors {
    private SqlErrors() {}

    /**
     * Permanent: the statement or its data is wrong (SQLSTATE classes 22 data exception, 23 integrity violation, 42
     * syntax or access rule), so sending it again fails again. Everything else — connection failures (08), the server
     * shutting down (57), out of resources (53), a pool timeout without a state — is transient.
     */
    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return !(state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
            }
        }
        return true;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null) {
            return sql.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /** A short description for logs: the SQLSTATE and the first line of the message. */
    static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return (e.getSQLState() == null ? "" : "[" + e.getSQLState() + "] ")
                + (newline < 0 ? message : message.substring(0, newline));
    }
}
