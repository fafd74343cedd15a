package org.tryvoha.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away database on the PostgreSQL of this machine (127.0.0.1:5432, trust auth, user
 * postgres): created with a random name, dropped on close. When PostgreSQL is down the test fails
 * saying how to start it; it is never skipped.
 */
public final class PgTestDatabase implements AutoCloseable {
    public static final String HOST = System.getProperty("tryvoha.test.pg.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("tryvoha.test.pg.port", 5432);
    public static final String USER = System.getProperty("tryvoha.test.pg.user", "postgres");
    static final String HOW_TO_START =
            "PostgreSQL is not reachable at " + HOST + ":" + PORT + " (user " + USER + "). Start it with:\n"
                    + "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
                    + "(or run .ci/run, which starts every service the tests need)";

    public final String name;

    private PgTestDatabase(String name) {
        this.name = name;
    }

    public static PgTestDatabase create(String prefix) {
        String name = (prefix + "_"
                        + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + name);
        return new PgTestDatabase(name);
    }

    public String url() {
        return url(HOST, PORT);
    }

    /** The URL of this database through another host and port (e.g. a test proxy). */
    public String url(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public PostgresAlertStore.Settings settings() {
        return PostgresAlertStore.Settings.of(url(), USER, null);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, null);
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres?connectTimeout=3", USER, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08"))
                throw new AssertionError(HOW_TO_START + "\ncause: " + e.getMessage(), e);
            throw new AssertionError("'" + sql + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
