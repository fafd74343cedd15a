package org.tryvoha.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.store.AlertStore.StoredAlert;

/**
 * The JDBC row code both stores share: their tables have the same columns in the same text forms
 * ({@link StoredText}); only the SQL that differs by dialect stays in each store.
 */
public final class Rows {
    private Rows() {}

    /** An alert row selected as {@code payload, last_seq, ...}. */
    public static StoredAlert storedAlert(ResultSet rs) throws SQLException {
        long seq = rs.getLong(2);
        return new StoredAlert(StoredText.alert(seq, rs.getString(1)), seq);
    }

    /**
     * One history page from rows selected as {@code payload, last_seq, issued_at, id}, newest first,
     * with up to {@code limit + 1} rows: the extra row only says that a next page exists.
     */
    public static HistoryPage historyPage(ResultSet rs, int limit) throws SQLException {
        List<StoredAlert> items = new ArrayList<>();
        String lastIssued = null;
        String lastId = null;
        while (rs.next()) {
            if (items.size() == limit) return new HistoryPage(items, StoredText.cursor(lastIssued, lastId));
            items.add(storedAlert(rs));
            lastIssued = rs.getString(3);
            lastId = rs.getString(4);
        }
        return new HistoryPage(items, null);
    }

    /** Appends one event row (the same SQL on SQLite and PostgreSQL). */
    public static void insertEvent(Connection c, AlertEvent e, String eventJson) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO events (seq, alert_id, kind, at, payload) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.seq());
            ps.setString(2, e.alert().id());
            ps.setString(3, e.kind().wire());
            ps.setString(4, StoredText.time(e.at()));
            ps.setString(5, eventJson);
            ps.executeUpdate();
        }
    }

    /** Replaces the alert's target zones with those it has now. */
    public static void replaceZones(Connection c, Alert a) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM alert_zones WHERE alert_id = ?")) {
            del.setString(1, a.id());
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO alert_zones (alert_id, zone_id) VALUES (?, ?)")) {
            for (String zone : new LinkedHashSet<>(a.zones())) {
                ins.setString(1, a.id());
                ins.setString(2, zone);
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }
}
