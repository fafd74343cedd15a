package org.tryvoha.store;

import java.sql.Connection;
import java.sql.SQLException;

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

  /** Runs {@code work} on a connection that sees every committed write. */
  <T> T read(String what, Work<T> work);

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }
}
