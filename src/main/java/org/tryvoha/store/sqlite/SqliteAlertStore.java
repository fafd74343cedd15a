package org.tryvoha.store.sqlite;

import java.io.IOException;
import java.nio.file.Path;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.tryvoha.config.PrivateFiles;
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
 * The embedded store: one SQLite file, {@code <dataDir>/tryvoha.db}, in WAL mode with {@code
 * synchronous=FULL}.
 *
 * <p>Appends are serialised on one writer connection; each is one {@code BEGIN IMMEDIATE}
 * transaction that numbers the event {@code max(seq) + 1}, so a failed append burns no number.
 * Reads use a pool of read-only connections and never wait for the writer. Times are stored as
 * fixed-width ISO-8601 UTC text with nanoseconds; events and alerts also keep their whole JSON
 * ({@link org.tryvoha.json.Json}), which is what reads return.
 *
 * <p>Thread-safe. Every method blocks: never call one on an event loop.
 */
public final class SqliteAlertStore implements AlertStore {
    public static final String FILE_NAME = "tryvoha.db";
    /** The database file itself and what SQLite writes beside it. */
    private static final List<String> SIDE_FILES = List.of("", "-wal", "-shm", "-journal");

    private final Connections db;

    private SqliteAlertStore(Connections db) {
        this.db = db;
    }

    /**
     * Opens (creating when missing) {@code dataDir/tryvoha.db} and migrates its schema.
     *
     * @throws StoreException when the directory cannot be created, the file is not a SQLite
     *     database, or its schema is newer than this code
     */
    public static SqliteAlertStore open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            PrivateFiles.directory(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dataDir + ": " + e, e);
        }
        try {
            // SQLite gives a new -wal, -shm or -journal the mode of the database file: made 0600 here, so
            // are they. What an older release left open is tightened first.
            tightenFiles(file);
            PrivateFiles.createEmpty(file); // an empty file is an empty database to SQLite
        } catch (IOException e) {
            throw new StoreException("cannot make " + file + " private to its owner: " + e, e);
        }
        Schema.migrate(file);
        try {
            SqliteAlertStore store = new SqliteAlertStore(new Connections(file));
            tightenFiles(file);
            return store;
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("cannot make " + file + " private to its owner: " + e, e);
        }
    }

    /** The database and the files SQLite keeps beside it, 0600 when they exist. */
    private static void tightenFiles(Path file) throws IOException {
        for (String suffix : SIDE_FILES) PrivateFiles.tighten(file.resolveSibling(file.getFileName() + suffix));
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
        return db.write(c -> {
            long seq = lastSeq(c);
            List<AlertEvent> out = new ArrayList<>(changes.size());
            for (Change ch : changes) {
                long actual = alertSeq(c, ch.alert().id());
                if (actual != ch.expectedSeq())
                    throw new ConcurrentChangeException(ch.alert().id(), ch.expectedSeq(), actual);
                AlertEvent event = new AlertEvent(++seq, ch.kind(), ch.at(), ch.alert(), ch.previousZones());
                StoredText.Payloads json = StoredText.payloads(event);
                upsertAlert(c, event, json.alert());
                Rows.insertEvent(c, event, json.event());
                Rows.replaceZones(c, ch.alert());
                if (ch.receipt() != null) Rows.insertReceipt(c, event, ch.receipt());
                out.add(event);
            }
            return out;
        });
    }

    private static long alertSeq(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM alerts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM events");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
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
            ps.setInt(7, a.active() ? 1 : 0);
            ps.setString(8, a.sender());
            ps.setLong(9, e.seq());
            ps.setLong(10, e.seq());
            ps.setString(11, alertJson);
            ps.executeUpdate();
        }
    }

    @Override
    public long lastSeq() {
        return db.read(SqliteAlertStore::lastSeq);
    }

    @Override
    public List<AlertEvent> events(long afterSeq, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        List<AlertEvent> out = new ArrayList<>(Math.min(limit, 1024));
        if (limit > 0) scanEvents(afterSeq, limit, out::add);
        return out;
    }

    @Override
    public void forEachEvent(long afterSeq, Consumer<AlertEvent> sink) {
        Objects.requireNonNull(sink, "sink");
        scanEvents(afterSeq, -1, sink);
    }

    /** Streams events row by row from one read snapshot; a negative limit means all. */
    private void scanEvents(long afterSeq, long limit, Consumer<AlertEvent> sink) {
        db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT seq, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, afterSeq);
                ps.setLong(2, limit);
                ps.setFetchSize(256);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(StoredText.event(rs.getLong(1), rs.getString(2)));
                }
            }
            return null;
        });
    }

    @Override
    public Optional<StoredAlert> alert(String id) {
        return db.read(c -> {
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
        return db.read(c -> Rows.applied(c, messages));
    }

    @Override
    public List<StoredAlert> active() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT payload, last_seq FROM alerts WHERE active = 1 ORDER BY issued_at, id");
                    ResultSet rs = ps.executeQuery()) {
                List<StoredAlert> out = new ArrayList<>();
                while (rs.next()) out.add(Rows.storedAlert(rs));
                return out;
            }
        });
    }

    @Override
    public HistoryPage history(HistoryQuery query) {
        HistorySql q = HistorySql.of(query);
        return db.read(c -> {
            try (PreparedStatement ps = q.prepare(c);
                    ResultSet rs = ps.executeQuery()) {
                return Rows.historyPage(rs, query.limit());
            }
        });
    }

    /** A pragma as the writer connection sees it, e.g. {@code synchronous}; for tests. */
    String pragma(String name) {
        return db.writerPragma(name);
    }

    @Override
    public Sql sql() {
        return new Sql() {
            @Override
            public Dialect dialect() {
                return Dialect.SQLITE;
            }

            @Override
            public <T> T write(String what, Work<T> work) {
                return db.write(work::run);
            }

            @Override
            public <T> CompletableFuture<T> writeSoon(String what, Work<T> work) {
                return db.writeSoon(work::run);
            }

            @Override
            public <T> T read(String what, Work<T> work) {
                return db.read(work::run);
            }
        };
    }

    @Override
    public void close() {
        db.close();
    }
}
