package dev.sluice.metrics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/** Test rows and the figures PostgreSQL should compute from them. */
final class Rows {
    private Rows() {}

    static OperationMetric row(String type, double durationMs, boolean success, Instant at) {
        return new OperationMetric(at, type, type, durationMs, success, success ? null : "it failed",
                "https://example.com/" + type, "job-1", "job-1", Map.of("k", 1), "p0-o0", 0, 1);
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double[] numbers(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            int n = rs.getMetaData().getColumnCount();
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = rs.getDouble(i + 1);
            }
            return out;
        }
    }

    static String toString(double[] values) {
        return Arrays.toString(values);
    }
}
