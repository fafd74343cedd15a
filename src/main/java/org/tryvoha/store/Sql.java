package org.tryvoha.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * The store's database, for the tables of features beside the event log (audit, operators,
 * webhooks, imported history): each feature keeps its own small SQL, written for both dialects,
 * and runs it through here so it shares the store's connections, durability and migrations (one
 * Flyway history: {@code db/migration/sqlite} and {@code db/migration/postgres}).
 *
 * <p>Blocking (JDBC): never call on an event-loop thread.
 */
public interface Sql {
    enum Dialect {
        SQLITE,
        POSTGRES
    }

    Dialect dialect();

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T write(String what, Work<T> work);

    /**
     * Group commit: runs {@code work} in a write transaction soon, possibly together with other
     * writes, so that it does not cost a durable commit (an fsync) of its own. The future completes
     * once that transaction has committed (durable, and only then visible to readers) with the
     * work's result, or with its exception (only its own changes undone). Order among these writes
     * is kept. SQLite: it rides in the next write transaction of this store, or in its own after at
     * most 50 ms. PostgreSQL (its commits are group-committed by the server): at once, in its own
     * transaction, on the calling thread. Blocking at most as long as {@link #write}.
     */
    default <T> CompletableFuture<T> writeSoon(String what, Work<T> work) {
        try {
            return CompletableFuture.completedFuture(write(what, work));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs {@code work} on a connection that sees every committed write. */
    <T> T read(String what, Work<T> work);

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }
}
