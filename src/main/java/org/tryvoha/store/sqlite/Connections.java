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
    this.writer = config(true).createConnection(url);
    writer.setAutoCommit(false);
  }

  /** The settings every connection gets; the writer's transactions start IMMEDIATE. */
  static SQLiteConfig config(boolean writer) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    c.setBusyTimeout(BUSY_TIMEOUT_MS);
    c.enforceForeignKeys(true);
    if (writer) c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
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
      try {
        T result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException e) {
        rollbackQuietly(e);
        throw new StoreException("write failed: " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        rollbackQuietly(e);
        throw e;
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void rollbackQuietly(Throwable cause) {
    try {
      writer.rollback();
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
    Connection c = config(false).createConnection(url);
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
