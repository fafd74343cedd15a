package org.tryvoha.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.store.Sql;
import org.tryvoha.store.StoredText;

/**
 * The imported history ({@code history_alerts}, {@code history_imports}, migration V3) and the
 * events of the live log that statistics combine with it. Blocking (JDBC): never call on an event-loop thread.
 */
public final class HistoryStore {
    private final Sql sql;

    public HistoryStore(Sql sql) {
        this.sql = sql;
    }

    /** Inserts the rows not yet present (by import key) in one transaction; returns how many were new. */
    public int insert(List<HistoryAlert> rows, Instant now) {
        if (rows.isEmpty()) return 0;
        return sql.write("history import", c -> {
            int added = 0;
            try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO history_alerts (import_key, source, zone_id, type, started_at, ended_at, naive, imported_at)
          VALUES (?, ?, ?, 'air_raid', ?, ?, ?, ?) ON CONFLICT (import_key) DO NOTHING""")) {
                for (HistoryAlert a : rows) {
                    ps.setString(1, a.key());
                    ps.setString(2, a.source());
                    ps.setString(3, a.zoneId());
                    ps.setString(4, StoredText.time(a.start()));
                    ps.setString(5, StoredText.time(a.end()));
                    ps.setBoolean(6, a.naive());
                    ps.setString(7, StoredText.time(now));
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) added += n > 0 ? 1 : 0;
            }
            return added;
        });
    }

    /** Notes an import run that added rows, so running servers reload their index. */
    public void recordImport(String files, long imported, Instant now) {
        sql.write("history import run", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO history_imports (id, at, files, imported)
          SELECT COALESCE(MAX(id), 0) + 1, ?, ?, ? FROM history_imports""")) {
                ps.setString(1, StoredText.time(now));
                ps.setString(2, files);
                ps.setLong(3, imported);
                return ps.executeUpdate();
            }
        });
    }

    /** The id of the latest import run that changed the history; 0 before any. */
    public long generation() {
        return sql.read("history generation", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM history_imports");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Every imported alert; with {@code from}/{@code to}, those starting in [from, to), by start. */
    public List<HistoryAlert> all(Instant from, Instant to) {
        return sql.read("history read", c -> {
            List<HistoryAlert> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
          SELECT source, zone_id, started_at, ended_at, naive FROM history_alerts
          WHERE started_at >= ? AND started_at < ? ORDER BY started_at, zone_id""")) {
                ps.setString(1, StoredText.bound(from == null ? Instant.EPOCH : from));
                ps.setString(2, StoredText.bound(to == null ? Instant.parse("9999-12-31T00:00:00Z") : to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new HistoryAlert(
                                rs.getString(1),
                                rs.getString(2),
                                StoredText.parseTime(rs.getString(3)),
                                StoredText.parseTime(rs.getString(4)),
                                rs.getBoolean(5)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Up to {@code limit} events of the live log after {@code afterSeq}, in sequence order (the log
     * is append-only and committed in sequence order, so reading on from the last one seen misses
     * nothing).
     */
    public List<AlertEvent> events(long afterSeq, int limit) {
        return sql.read("stats live events", c -> {
            List<AlertEvent> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT seq, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, afterSeq);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(StoredText.event(rs.getLong(1), rs.getString(2)));
                }
            }
            return out;
        });
    }
}
