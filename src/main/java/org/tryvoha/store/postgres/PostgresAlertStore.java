package org.tryvoha.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventKind;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.HistoryPage;
import org.tryvoha.store.HistoryQuery;
import org.tryvoha.store.Rows;
import org.tryvoha.store.Sql;
import org.tryvoha.store.StoredText;

/**
 * The production store: one PostgreSQL database shared by every node.
 *
 * <p>Sequence numbers: each append first runs {@code UPDATE log_head SET seq = seq + 1 RETURNING
 * seq} in its transaction. The row lock serialises appends from every node and every thread, and a
 * transaction that rolls back gives its number back, so the log stays gap-free and ordered (a
 * SEQUENCE would leave gaps). An event that became visible implies every smaller number is visible
 * too, which the NATS bus relies on to fill gaps from here.
 *
 * <p>Failures: a write that fails before its COMMIT is retried on a fresh connection for {@link
 * Settings#retryMillis()}; when the answer to a COMMIT is lost, the append waits for the log head
 * (so the lost transaction has finished one way or the other) and looks for its own event: found,
 * it is returned as committed; absent, the append is tried again. Nothing is ever acknowledged that
 * is not committed, and nothing is committed twice.
 *
 * <p>Thread-safe. Every method blocks: never call one on an event loop.
 */
public final class PostgresAlertStore implements AlertStore {
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final int DEFAULT_STATEMENT_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_RETRY_MILLIS = 10_000;

    /**
     * How to reach the database.
     *
     * @param url a JDBC URL, {@code jdbc:postgresql://host:5432/db}; keep the password out of it
     * @param password never logged nor put in an error message
     * @param retryMillis how long a write keeps retrying while the database is unreachable
     */
    public record Settings(
            String url, String user, String password, int poolSize, int statementTimeoutMillis, int retryMillis) {
        public Settings {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException(
                        "postgres-url must be a JDBC URL like jdbc:postgresql://127.0.0.1:5432/tryvoha, got "
                                + redact(url));
            }
        }

        public static Settings of(String url, String user, String password) {
            return new Settings(
                    url, user, password, DEFAULT_POOL_SIZE, DEFAULT_STATEMENT_TIMEOUT_MILLIS, DEFAULT_RETRY_MILLIS);
        }

        @Override
        public String toString() {
            return "Settings[url=" + redact(url) + ", user=" + user + ", password="
                    + (password == null ? "none" : "***") + "]";
        }
    }

    private final PgPool db;

    private PostgresAlertStore(PgPool db) {
        this.db = db;
    }

    /**
     * Connects, checks the connection and migrates the schema.
     *
     * @throws StoreException when the database cannot be reached (with what to check), or its schema
     *     is newer than this code
     */
    public static PostgresAlertStore open(Settings s) {
        PgPool pool = new PgPool(s);
        try {
            try (Connection c = pool.dataSource().getConnection()) {
                c.rollback();
            } catch (SQLException e) {
                throw new StoreException(
                        "cannot connect to PostgreSQL at " + pool.where + ": " + e.getMessage()
                                + " (is it running and reachable? check postgres-url, postgres-user and postgres-password)",
                        e);
            }
            PgSchema.migrate(pool.dataSource(), pool.where);
            return new PostgresAlertStore(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The URL with any password parameter masked, for messages and logs. */
    static String redact(String url) {
        return url == null
                ? null
                : url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }

    @Override
    public AlertEvent append(EventKind kind, Alert alert, List<String> previousZones, Instant at, long expectedSeq) {
        return appendAll(List.of(new Change(kind, alert, previousZones, at, expectedSeq)))
                .getFirst();
    }

    @Override
    public List<AlertEvent> appendAll(List<Change> changes) {
        Change.checkDistinct(changes);
        if (changes.isEmpty()) return List.of();
        List<AlertEvent> attempted = new ArrayList<>(changes.size());
        return db.write(
                "appending " + changes.size() + " event(s) for alert "
                        + changes.getFirst().alert().id() + (changes.size() > 1 ? " and others" : ""),
                c -> {
                    attempted.clear();
                    long seq = nextSeq(c, changes.size()) - changes.size();
                    for (Change ch : changes) {
                        long actual = alertSeq(c, ch.alert().id());
                        if (actual != ch.expectedSeq())
                            throw new ConcurrentChangeException(ch.alert().id(), ch.expectedSeq(), actual);
                        AlertEvent event = new AlertEvent(++seq, ch.kind(), ch.at(), ch.alert(), ch.previousZones());
                        StoredText.Payloads json = StoredText.payloads(event);
                        attempted.add(event);
                        upsertAlert(c, event, json.alert());
                        Rows.insertEvent(c, event, json.event());
                        Rows.replaceZones(c, ch.alert());
                        if (ch.receipt() != null) Rows.insertReceipt(c, event, ch.receipt());
                    }
                    return List.copyOf(attempted);
                },
                fresh -> committed(fresh, attempted));
    }

    /** Takes {@code n} numbers from the log head; returns the last of them. */
    private static long nextSeq(Connection c, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE log_head SET seq = seq + ? RETURNING seq")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("log_head has no row: the schema is damaged", "XX000");
                return rs.getLong(1);
            }
        }
    }

    /**
     * Whether the transaction that tried to append {@code events} committed: taking the log head's
     * lock waits until that transaction is over, then its events are either all in the log or none
     * (one transaction), so its first event tells.
     */
    private static List<AlertEvent> committed(Connection c, List<AlertEvent> events) throws SQLException {
        if (events.isEmpty()) return null; // it failed before numbering anything: nothing committed
        AlertEvent e = events.getFirst();
        try (PreparedStatement lock = c.prepareStatement("SELECT seq FROM log_head FOR UPDATE")) {
            lock.executeQuery().close();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM events WHERE seq = ?")) {
            ps.setLong(1, e.seq());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                                && rs.getString(1).equals(StoredText.payloads(e).event())
                        ? List.copyOf(events)
                        : null;
            }
        }
    }

    private static long alertSeq(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM alerts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void upsertAlert(Connection c, AlertEvent e, String alertJson) throws SQLException {
        Alert a = e.alert();
        try (PreparedStatement ps = c.prepareStatement("""
            INSERT INTO alerts (id, type, status, issued_at, expires_at, ended_at, active, sender,
                                first_seq, last_seq, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
              type = excluded.type, status = excluded.status, issued_at = excluded.issued_at,
              expires_at = excluded.expires_at, ended_at = excluded.ended_at,
              active = excluded.active, sender = excluded.sender,
              last_seq = excluded.last_seq, payload = excluded.payload
            """)) {
            ps.setString(1, a.id());
            ps.setString(2, a.type().wire());
            ps.setString(3, a.status().wire());
            ps.setString(4, StoredText.time(a.issuedAt()));
            ps.setString(5, StoredText.time(a.expiresAt()));
            ps.setString(6, StoredText.time(a.endedAt()));
            ps.setBoolean(7, a.active());
            ps.setString(8, a.sender());
            ps.setLong(9, e.seq());
            ps.setLong(10, e.seq());
            ps.setString(11, alertJson);
            ps.executeUpdate();
        }
    }

    @Override
    public long lastSeq() {
        return db.read("reading the log head", true, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM log_head");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public List<AlertEvent> events(long afterSeq, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        if (limit == 0) return List.of();
        return db.read("reading events after " + afterSeq, true, c -> {
            List<AlertEvent> out = new ArrayList<>(Math.min(limit, 1024));
            scan(c, afterSeq, limit, out::add);
            return out;
        });
    }

    @Override
    public void forEachEvent(long afterSeq, Consumer<AlertEvent> sink) {
        Objects.requireNonNull(sink, "sink");
        // not retried: the sink may already have seen part of the log
        db.read("streaming events after " + afterSeq, false, c -> {
            scan(c, afterSeq, Long.MAX_VALUE, sink);
            return null;
        });
    }

    /** Row by row from one snapshot: with autocommit off the driver fetches 256 rows at a time. */
    private static void scan(Connection c, long afterSeq, long limit, Consumer<AlertEvent> sink) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT seq, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, limit);
            ps.setFetchSize(256);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) sink.accept(StoredText.event(rs.getLong(1), rs.getString(2)));
            }
        }
    }

    @Override
    public Optional<StoredAlert> alert(String id) {
        return db.read("reading alert " + id, true, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload, last_seq FROM alerts WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.storedAlert(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<MessageId, Applied> applied(Collection<MessageId> messages) {
        return db.read("reading applied messages", true, c -> Rows.applied(c, messages));
    }

    @Override
    public List<StoredAlert> active() {
        return db.read("reading active alerts", true, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT payload, last_seq FROM alerts WHERE active ORDER BY issued_at, id");
                    ResultSet rs = ps.executeQuery()) {
                List<StoredAlert> out = new ArrayList<>();
                while (rs.next()) out.add(Rows.storedAlert(rs));
                return out;
            }
        });
    }

    @Override
    public HistoryPage history(HistoryQuery query) {
        PgHistory q = PgHistory.of(query);
        return db.read("reading history", true, c -> {
            try (PreparedStatement ps = q.prepare(c);
                    ResultSet rs = ps.executeQuery()) {
                return Rows.historyPage(rs, query.limit());
            }
        });
    }

    /** A one-line health check for readiness: the database answers a query within a second. */
    public String check() {
        return db.read("checking the database", false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM log_head")) {
                ps.setQueryTimeout(1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return "log head " + rs.getLong(1) + ", pool " + db.poolState();
                }
            }
        });
    }

    @Override
    public Sql sql() {
        return new Sql() {
            @Override
            public Dialect dialect() {
                return Dialect.POSTGRES;
            }

            /** No retry after a lost COMMIT: the caller cannot tell us how to settle it, so it hears so. */
            @Override
            public <T> T write(String what, Work<T> work) {
                return db.write(what, work::run, null);
            }

            @Override
            public <T> T read(String what, Work<T> work) {
                return db.read(what, true, work::run);
            }
        };
    }

    @Override
    public void close() {
        db.close();
    }
}
