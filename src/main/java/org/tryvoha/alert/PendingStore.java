package org.tryvoha.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tryvoha.auth.Scope;
import org.tryvoha.event.AlertType;
import org.tryvoha.store.Sql;
import org.tryvoha.store.StoredText;

/** The pending_alerts table (migrations V2 and V6), on SQLite or PostgreSQL. Blocking. */
final class PendingStore {
    private static final String COLUMNS =
            "id, action, alert_id, type, zones, reason, body, requested_by, requested_by_id, requested_at, "
                    + "timeout_at, state, decided_by, decided_at, note, alert_seq, current_type, current_zones";

    private final Sql sql;

    PendingStore(Sql sql) {
        this.sql = sql;
    }

    void insert(Pending p) {
        sql.write("holding alert " + p.alertId() + " for approval", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pending_alerts (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                String[] v = {
                    p.id(),
                    p.action(),
                    p.alertId(),
                    p.type().wire(),
                    String.join(",", p.zones()),
                    p.reason(),
                    p.body(),
                    p.requestedBy(),
                    p.requestedById(),
                    StoredText.time(p.requestedAt()),
                    StoredText.time(p.timeoutAt()),
                    p.state(),
                    null,
                    null,
                    null
                };
                for (int i = 0; i < v.length; i++) ps.setString(i + 1, v[i]);
                if (p.alertSeq() == null) ps.setNull(16, Types.BIGINT);
                else ps.setLong(16, p.alertSeq());
                ps.setString(
                        17, p.currentType() == null ? null : p.currentType().wire());
                ps.setString(18, p.currentZones() == null ? null : String.join(",", p.currentZones()));
                return ps.executeUpdate();
            }
        });
    }

    Optional<Pending> byId(String id) {
        return sql.read(
                "reading held alert " + id,
                c -> select(c, "WHERE id = ?", id).stream().findFirst());
    }

    /** Newest first; {@code state} null for all. */
    List<Pending> list(String state, int limit) {
        return sql.read(
                "listing held alerts",
                c -> state == null
                        ? select(c, "ORDER BY requested_at DESC, id LIMIT " + limit)
                        : select(c, "WHERE state = ? ORDER BY requested_at DESC, id LIMIT " + limit, state));
    }

    /** The pending entries that change or raise this alert. */
    List<Pending> pendingFor(String alertId) {
        return sql.read(
                "reading held changes of alert " + alertId,
                c -> select(c, "WHERE alert_id = ? AND state = 'pending' ORDER BY requested_at, id", alertId));
    }

    /** The pending entries this operator (by id) sent. */
    List<Pending> pendingBy(String requesterId) {
        return sql.read(
                "reading held changes of operator " + requesterId,
                c -> select(
                        c, "WHERE requested_by_id = ? AND state = 'pending' ORDER BY requested_at, id", requesterId));
    }

    /** Every pending update, oldest first. */
    List<Pending> pendingUpdates() {
        return sql.read(
                "reading held updates",
                c -> select(c, "WHERE action = 'update' AND state = 'pending' ORDER BY requested_at, id"));
    }

    /** Moves a pending entry to {@code state}; false when it is no longer pending (another node or person decided first). */
    boolean decide(String id, String from, String state, String by, Instant at, String note) {
        return sql.write("deciding held alert " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pending_alerts SET state = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ? AND state = ?")) {
                ps.setString(1, state);
                ps.setString(2, by);
                ps.setString(3, StoredText.time(at));
                ps.setString(4, note);
                ps.setString(5, id);
                ps.setString(6, from);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Marks every pending entry whose time ran out as expired; the ids it expired. */
    List<String> expire(Instant now) {
        if (sql.read("finding timed-out held alerts", c -> due(c, now)).isEmpty())
            return List.of(); // the usual case: no write
        return sql.write("expiring held alerts", c -> {
            List<String> expired = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pending_alerts SET state = 'expired', decided_by = 'timeout', decided_at = ? WHERE id = ? AND state = 'pending'")) {
                for (String id : due(c, now)) {
                    ps.setString(1, StoredText.time(now));
                    ps.setString(2, id);
                    if (ps.executeUpdate() == 1) expired.add(id);
                }
            }
            return expired;
        });
    }

    private static List<String> due(Connection c, Instant now) throws SQLException {
        List<String> due = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM pending_alerts WHERE state = 'pending' AND timeout_at <= ?")) {
            ps.setString(1, StoredText.time(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) due.add(rs.getString(1));
            }
        }
        return due;
    }

    private static Long alertSeq(ResultSet rs) throws SQLException {
        long seq = rs.getLong(16);
        return rs.wasNull() ? null : seq;
    }

    private static List<Pending> select(Connection c, String where, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM pending_alerts " + where)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            List<Pending> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            AlertType.parse(rs.getString(4)),
                            Scope.split(rs.getString(5)),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9),
                            StoredText.parseTime(rs.getString(10)),
                            StoredText.parseTime(rs.getString(11)),
                            rs.getString(12),
                            rs.getString(13),
                            rs.getString(14) == null ? null : StoredText.parseTime(rs.getString(14)),
                            rs.getString(15),
                            alertSeq(rs),
                            rs.getString(17) == null ? null : AlertType.parse(rs.getString(17)),
                            rs.getString(18) == null ? null : Scope.split(rs.getString(18))));
                }
            }
            return out;
        }
    }
}
