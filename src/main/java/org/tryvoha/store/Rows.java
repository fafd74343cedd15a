package org.tryvoha.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /**
     * Records that {@code r}'s message produced event {@code e}, in the append's transaction: one
     * statement that writes nothing when the message is known already or a later one was applied to
     * the alert; then the refusal says which (the same SQL on SQLite and PostgreSQL).
     */
    public static void insertReceipt(Connection c, AlertEvent e, AlertStore.Receipt r) throws SQLException {
        String sent = StoredText.time(r.sent());
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO message_receipts (origin, message_id, alert_id, seq, sent)
                SELECT ?, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM message_receipts WHERE alert_id = ? AND sent > ?)
                ON CONFLICT (origin, message_id) DO NOTHING
                """)) {
            ps.setString(1, r.message().origin());
            ps.setString(2, r.message().id());
            ps.setString(3, e.alert().id());
            ps.setLong(4, e.seq());
            ps.setString(5, sent);
            ps.setString(6, e.alert().id());
            ps.setString(7, sent);
            if (ps.executeUpdate() == 1) return;
        }
        AlertStore.Applied before = applied(c, List.of(r.message())).get(r.message());
        throw new AlertStore.MessageRefusedException(
                r, before, before != null ? null : newestSent(c, e.alert().id()));
    }

    private static Instant newestSent(Connection c, String alertId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(sent) FROM message_receipts WHERE alert_id = ?")) {
            ps.setString(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? StoredText.parseTime(rs.getString(1)) : null;
            }
        }
    }

    /** {@link AlertStore#applied}: one query, whatever the number of messages. */
    public static Map<AlertStore.MessageId, AlertStore.Applied> applied(
            Connection c, Collection<AlertStore.MessageId> messages) throws SQLException {
        Map<AlertStore.MessageId, AlertStore.Applied> out = new HashMap<>();
        if (messages.isEmpty()) return out;
        StringBuilder sql = new StringBuilder("""
                SELECT r.origin, r.message_id, r.alert_id, r.seq, r.sent,
                       (SELECT max(x.sent) FROM message_receipts x WHERE x.alert_id = r.alert_id)
                FROM message_receipts r WHERE\s""");
        for (int i = 0; i < messages.size(); i++)
            sql.append(i == 0 ? "" : " OR ").append("(r.origin = ? AND r.message_id = ?)");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int k = 1;
            for (AlertStore.MessageId m : messages) {
                ps.setString(k++, m.origin());
                ps.setString(k++, m.id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AlertStore.MessageId m = new AlertStore.MessageId(rs.getString(1), rs.getString(2));
                    out.put(
                            m,
                            new AlertStore.Applied(
                                    m,
                                    rs.getString(3),
                                    rs.getLong(4),
                                    StoredText.parseTime(rs.getString(5)),
                                    StoredText.parseTime(rs.getString(6))));
                }
            }
        }
        return out;
    }
}
