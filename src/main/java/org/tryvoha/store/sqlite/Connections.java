package org.tryvoha.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>Group commit ({@link #writeSoon}): work that need not be durable at once (audit entries) rides
 * in the next write transaction, whoever starts it, each piece in its own savepoint, so it shares
 * that transaction's single fsync instead of taking the writer (and an fsync) for itself; when no
 * write comes within {@link #LINGER_MS} it is written on its own. Its future completes only after
 * the carrying {@code COMMIT} returned, i.e. once it is durable; before that nobody can read it.
 */
final class Connections implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    static final int BUSY_TIMEOUT_MS = 10_000;
    private static final int READERS = 4;
    /** At most this long a {@link #writeSoon} waits for another write to ride along with. */
    static final long LINGER_MS = 50;
    /** Riders one transaction carries at most (bounds what an alert's commit can be asked to add). */
    static final int MAX_RIDERS = 64;

    private final ConcurrentLinkedDeque<Rider<?>> riders = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private ScheduledExecutorService flusher; // made on the first writeSoon; guarded by this

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
        List<Rider<?>> carried = List.of();
        try {
            checkOpen();
            boolean began = false;
            try {
                execute("BEGIN IMMEDIATE");
                began = true;
                T result = work.run(writer);
                carried = carry();
                execute("COMMIT");
                for (Rider<?> r : carried) r.committed();
                carried = List.of();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(began, e);
                throw new StoreException("write failed: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(began, e);
                throw e;
            }
        } finally {
            // riders of a transaction that rolled back go back to the front, in their order, for the next one
            for (int i = carried.size() - 1; i >= 0; i--) riders.addFirst(carried.get(i));
            if (!riders.isEmpty()) scheduleFlush();
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} in the next write transaction (within {@link #LINGER_MS}), in a savepoint of its
     * own: its failure undoes only its changes. The future completes after that transaction committed
     * (durable) with the work's result, or with the work's exception. Riders keep their order.
     */
    <T> CompletableFuture<T> writeSoon(Work<T> work) {
        Rider<T> r = new Rider<>(work);
        if (closed) {
            r.done.completeExceptionally(new StoreException("the store is closed", null));
            return r.done;
        }
        riders.addLast(r);
        scheduleFlush();
        return r.done;
    }

    private void scheduleFlush() {
        if (!flushQueued.compareAndSet(false, true)) return;
        synchronized (this) {
            if (flusher == null) {
                flusher = Executors.newSingleThreadScheduledExecutor(t -> {
                    Thread th = new Thread(t, "tryvoha-sqlite-group-commit");
                    th.setDaemon(true);
                    return th;
                });
            }
            if (!flusher.isShutdown()) flusher.schedule(this::flush, LINGER_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the riders that no other write carried (an empty transaction carries them). */
    private void flush() {
        flushQueued.set(false);
        if (riders.isEmpty() || closed) return;
        try {
            write(c -> null);
        } catch (RuntimeException e) {
            log.error("could not write the queued writes (tried again with the next write): {}", e.toString());
        }
    }

    /** Runs up to {@link #MAX_RIDERS} queued riders inside the open transaction; the ones that succeeded. */
    private List<Rider<?>> carry() throws SQLException {
        if (riders.isEmpty()) return List.of();
        List<Rider<?>> ok = new ArrayList<>();
        for (Rider<?> r; ok.size() < MAX_RIDERS && (r = riders.pollFirst()) != null; ) {
            execute("SAVEPOINT rider");
            try {
                r.run(writer);
                ok.add(r);
            } catch (SQLException | RuntimeException e) {
                execute("ROLLBACK TO rider");
                r.done.completeExceptionally(
                        e instanceof SQLException ? new StoreException("write failed: " + e.getMessage(), e) : e);
            }
            execute("RELEASE rider");
        }
        return ok;
    }

    /** One piece of work waiting for a transaction, and its result until that transaction commits. */
    private static final class Rider<T> {
        final Work<T> work;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T value;

        Rider(Work<T> work) {
            this.work = work;
        }

        void run(Connection c) throws SQLException {
            value = work.run(c);
        }

        void committed() {
            done.complete(value);
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
            try (Statement s = c.createStatement();
                    var rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    /** Writes what is still queued for a ride ({@link #writeSoon}), then closes. */
    @Override
    public void close() {
        if (!closed && !riders.isEmpty()) {
            try {
                write(c -> null);
            } catch (RuntimeException e) {
                log.error("could not write the queued writes before closing: {}", e.toString());
            }
        }
        synchronized (this) {
            if (flusher != null) flusher.shutdownNow();
        }
        writeLock.lock();
        try {
            if (closed) return;
            closed = true;
            for (Rider<?> r; (r = riders.pollFirst()) != null; )
                r.done.completeExceptionally(new StoreException("the store was closed before this write", null));
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
