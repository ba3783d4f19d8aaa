package dev.sluice.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one PostgreSQL server for the whole test run ({@link PostgresServer}), creates a fresh schema for each test
 * class on first use, drops it after the class, and injects it as {@link TestDatabase}; or, for a
 * {@link FreshDatabase} parameter, a whole database of the class's own, dropped after the class likewise.
 */
public final class PostgresExtension implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == FreshDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        if (parameter.getParameter().getType() == FreshDatabase.class) {
            return classContext.getStore(NAMESPACE).computeIfAbsent("fresh-database",
                    key -> createDatabase(server(context), classContext.getRequiredTestClass()), FreshDatabase.class);
        }
        return classContext.getStore(NAMESPACE).computeIfAbsent("database",
                key -> createSchema(server(context), classContext.getRequiredTestClass()), TestDatabase.class);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        TestDatabase db = context.getStore(NAMESPACE).remove("database", TestDatabase.class);
        if (db != null) {
            execute(db, "DROP SCHEMA IF EXISTS " + db.schema() + " CASCADE");
        }
        FreshDatabase fresh = context.getStore(NAMESPACE).remove("fresh-database", FreshDatabase.class);
        if (fresh != null) {
            PostgresServer server = server(context);
            execute(new TestDatabase(server.url(), server.user(), server.password(), ""),
                    "DROP DATABASE IF EXISTS " + fresh.name() + " WITH (FORCE)");
        }
    }

    private static PostgresServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("server", key -> PostgresServer.start(), PostgresServer.class);
    }

    /** The test class's context: a method's parameter is resolved once for its whole class. */
    private static ExtensionContext classContext(ExtensionContext context) {
        return context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
    }

    private static FreshDatabase createDatabase(PostgresServer server, Class<?> testClass) {
        String name = objectName(testClass);
        try {
            execute(new TestDatabase(server.url(), server.user(), server.password(), ""), "CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + server.url(), e);
        }
        int slash = server.url().lastIndexOf('/');
        int query = server.url().indexOf('?', slash);
        String url = server.url().substring(0, slash + 1) + name + (query < 0 ? "" : server.url().substring(query));
        return new FreshDatabase(url, server.user(), server.password(), name);
    }

    /** A lower-case identifier naming the test class, unique for this run. */
    private static String objectName(Class<?> testClass) {
        String name = ("t_" + testClass.getSimpleName() + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.length() > 60 ? name.substring(name.length() - 60) : name;
    }

    private static TestDatabase createSchema(PostgresServer server, Class<?> testClass) {
        String name = objectName(testClass);
        TestDatabase db = new TestDatabase(server.url(), server.user(), server.password(), name);
        try {
            execute(db, "CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema " + name + " on " + server.url(), e);
        }
        return db;
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.serverUrl(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
