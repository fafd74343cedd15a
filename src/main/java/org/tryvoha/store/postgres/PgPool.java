package org.tryvoha.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.store.AlertStore.StoreException;

/**
 * The connection pool of one store (HikariCP) and its transactions.
 *
 * <p>Every connection runs with autocommit off, a statement timeout and an idle-in-transaction
 * timeout (so a node that vanishes mid-transaction cannot hold the log head for long). A write that
 * fails before its COMMIT is sent was rolled back by the server and is retried on a fresh
 * connection until {@link PostgresAlertStore.Settings#retryMillis()} runs out; a connection lost
 * during the COMMIT itself leaves the outcome unknown, which the caller's {@link Resolver} settles.
 */
final class PgPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgPool.class);

    private final HikariDataSource ds;
    private final long retryMillis;
    final String where;

    PgPool(PostgresAlertStore.Settings s) {
        this.where = PostgresAlertStore.redact(s.url()) + " as " + s.user();
        this.retryMillis = s.retryMillis();
        HikariConfig h = new HikariConfig();
        h.setPoolName("tryvoha-pg");
        h.setJdbcUrl(s.url());
        h.setUsername(s.user());
        if (s.password() != null) h.setPassword(s.password());
        h.setMaximumPoolSize(s.poolSize());
        h.setMinimumIdle(Math.min(2, s.poolSize()));
        h.setAutoCommit(false);
        h.setConnectionTimeout(3_000);
        h.setValidationTimeout(1_000);
        h.setInitializationFailTimeout(-1); // the store checks the first connection itself, with a clear message
        h.addDataSourceProperty("ApplicationName", "tryvoha");
        h.addDataSourceProperty("connectTimeout", "3");
        h.addDataSourceProperty("tcpKeepAlive", "true");
        // a read that hears nothing for this long is a dead connection (a cut network sends no reset)
        h.addDataSourceProperty("socketTimeout", Long.toString(s.statementTimeoutMillis() / 1000 + 5));
        h.addDataSourceProperty(
                "options",
                "-c statement_timeout=" + s.statementTimeoutMillis() + " -c idle_in_transaction_session_timeout="
                        + Math.max(5_000, 2 * s.statementTimeoutMillis()));
        this.ds = new HikariDataSource(h);
    }

    DataSource dataSource() {
        return ds;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Settles a COMMIT whose answer was lost: on a fresh connection, returns the result when the
     * transaction did commit, or null when it did not (then the write is tried again).
     */
    interface Resolver<T> {
        T resolve(Connection fresh) throws SQLException;
    }

    /** Runs {@code work} in one transaction and commits it, retrying as the class says. */
    <T> T write(String what, Work<T> work, Resolver<T> resolver) {
        long deadline = System.nanoTime() + retryMillis * 1_000_000;
        for (int attempt = 1; ; attempt++) {
            SQLException failure;
            try (Connection c = ds.getConnection()) {
                T result;
                try {
                    result = work.run(c);
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c, e);
                    throw e;
                }
                try {
                    c.commit();
                    return result;
                } catch (SQLException e) {
                    if (resolver == null) {
                        throw new StoreException(
                                what + ": the connection to PostgreSQL (" + where + ") was lost while committing, "
                                        + "so it is unknown whether the change was recorded: " + e.getMessage(),
                                e);
                    }
                    T settled = settle(what, resolver, deadline, e);
                    if (settled != null) return settled;
                    failure = e; // not committed: try again
                }
            } catch (SQLException e) {
                failure = e;
            }
            if (!retryable(failure) || System.nanoTime() > deadline) throw failed(what, failure, attempt);
            log.warn("{}: attempt {} failed ({}); retrying", what, attempt, failure.getMessage());
            pause(attempt);
        }
    }

    private <T> T settle(String what, Resolver<T> resolver, long deadline, SQLException cause) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = ds.getConnection()) {
                try {
                    return resolver.resolve(c);
                } finally {
                    rollbackQuietly(c, cause);
                }
            } catch (SQLException e) {
                if (!retryable(e) || System.nanoTime() > deadline) {
                    StoreException x = new StoreException(
                            what + ": the connection to PostgreSQL (" + where + ") was lost while "
                                    + "committing and it cannot be reached to tell whether the change was recorded: "
                                    + e.getMessage(),
                            e);
                    x.addSuppressed(cause);
                    throw x;
                }
                pause(attempt);
            }
        }
    }

    /** Runs {@code work} in a read-only transaction (rolled back at the end). */
    <T> T read(String what, boolean retry, Work<T> work) {
        long deadline = System.nanoTime() + retryMillis * 1_000_000;
        for (int attempt = 1; ; attempt++) {
            try (Connection c = ds.getConnection()) {
                try {
                    return work.run(c);
                } finally {
                    rollbackQuietly(c, null);
                }
            } catch (SQLException e) {
                if (!retry || !retryable(e) || System.nanoTime() > deadline) throw failed(what, e, attempt);
                pause(attempt);
            }
        }
    }

    /** Connection-level failures and serialisation conflicts: a fresh transaction may succeed. */
    static boolean retryable(SQLException e) {
        if (e instanceof SQLTransientConnectionException) return true;
        String state = e.getSQLState();
        if (state == null) return e.getCause() instanceof IOException;
        return state.startsWith("08")
                || state.equals("57P01")
                || state.equals("57P02")
                || state.equals("57P03")
                || state.equals("40001")
                || state.equals("40P01");
    }

    private StoreException failed(String what, SQLException e, int attempts) {
        String reach =
                retryable(e) ? "PostgreSQL (" + where + ") is unreachable" : "PostgreSQL (" + where + ") refused it";
        return new StoreException(
                what + " failed after " + attempts + " attempt(s): " + reach + ": " + e.getMessage(), e);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1_000, 100L << Math.min(attempt, 4)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to retry", ie);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            if (cause != null) cause.addSuppressed(r);
        }
    }

    /** Connections open now, active and idle (for readiness). */
    String poolState() {
        var mx = ds.getHikariPoolMXBean();
        return mx == null ? "starting" : mx.getActiveConnections() + " active, " + mx.getIdleConnections() + " idle";
    }

    @Override
    public void close() {
        ds.close();
    }
}
