package org.tryvoha.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.tryvoha.store.AlertStore.StoreException;

/**
 * The connections of one store: a single writer, guarded by a lock (SQLite has one writer at a
 * time anyway), and a small pool of read-only connections. In WAL mode readers see the last
 * committed state and never wait for the writer.
 *
 * <p>Every connection: WAL, {@code synchronous=FULL} (a commit is on disk, WAL included, before
 * it returns, so an acknowledged append survives kill -9 and power loss), a busy timeout, and
 * foreign keys on. The writer starts its transactions with {@code BEGIN IMMEDIATE}, so it holds
 * the write lock from the first statement and never has to upgrade a read lock.
 */
final class Connections implements AutoCloseable {
  static final int BUSY_TIMEOUT_MS = 10_000;
  private static final int READERS = 4;

  private final String url;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer;
  private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(READERS);
  private volatile boolean closed;

  Connections(Path file) throws SQLException {
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    // autocommit stays on: with it off, sqlite-jdbc begins the next transaction right after each
    // commit, so this process would hold the write lock for good and lock out the CLI.
    this.writer = config().createConnection(url);
  }

  /** The settings every connection gets. */
  static SQLiteConfig config() {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    c.setBusyTimeout(BUSY_TIMEOUT_MS);
    c.enforceForeignKeys(true);
    return c;
  }

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one write transaction: committed when it returns, rolled back when it
   * throws. Writers run one at a time.
   */
  <T> T write(Work<T> work) {
    writeLock.lock();
    try {
      checkOpen();
      boolean began = false;
      try {
        execute("BEGIN IMMEDIATE");
        began = true;
        T result = work.run(writer);
        execute("COMMIT");
        return result;
      } catch (SQLException e) {
        rollbackQuietly(began, e);
        throw new StoreException("write failed: " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        rollbackQuietly(began, e);
        throw e;
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = writer.createStatement()) {
      s.execute(sql);
    }
  }

  private void rollbackQuietly(boolean began, Throwable cause) {
    if (!began) return; // a BEGIN that failed (busy) left no transaction to undo
    try {
      execute("ROLLBACK");
    } catch (SQLException r) {
      cause.addSuppressed(r);
    }
  }

  /**
   * Runs {@code work} on a read connection. When all pooled readers are busy (a long rebuild, or
   * a sink that reads the store again) a short-lived extra one is opened rather than waiting.
   */
  <T> T read(Work<T> work) {
    checkOpen();
    Connection c = idleReaders.poll();
    try {
      if (c == null) c = openReader();
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("read failed: " + e.getMessage(), e);
    } finally {
      if (c != null) release(c);
    }
  }

  private Connection openReader() throws SQLException {
    Connection c = config().createConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA query_only = 1");
    }
    return c;
  }

  private void release(Connection c) {
    if (closed || !idleReaders.offer(c)) closeQuietly(c);
  }

  private void checkOpen() {
    if (closed) throw new StoreException("the store is closed", null);
  }

  /** Reads one pragma on the writer connection (for tests and diagnostics). */
  String writerPragma(String name) {
    return write(c -> {
      try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA " + name)) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) return;
      closed = true;
      closeQuietly(writer);
      for (Connection c; (c = idleReaders.poll()) != null; ) closeQuietly(c);
    } finally {
      writeLock.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing useful to do: the connection is gone either way
    }
  }
}
