package org.tryvoha.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.store.HistoryQuery;
import org.tryvoha.store.StoredText;

/**
 * The SQL of one history page: keyset paging on (issued_at, id), newest first, with the same
 * cursor form as the SQLite store, so alerts inserted meanwhile never shift later pages.
 */
final class PgHistory {
    static final int MAX_LIMIT = 1000;

    private final String sql;
    private final List<Object> params;

    private PgHistory(String sql, List<Object> params) {
        this.sql = sql;
        this.params = params;
    }

    /** One row more than the page, to know whether there is a next page. */
    static PgHistory of(HistoryQuery q) {
        if (q.limit() < 1 || q.limit() > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + q.limit());
        }
        StringBuilder sql =
                new StringBuilder("SELECT a.payload, a.last_seq, a.issued_at, a.id FROM alerts a WHERE TRUE");
        List<Object> params = new ArrayList<>();
        if (q.zones() != null && !q.zones().isEmpty()) {
            sql.append(" AND a.id IN (SELECT z.alert_id FROM alert_zones z WHERE z.zone_id = ANY (?))");
            params.add(q.zones().toArray(String[]::new));
        }
        if (q.types() != null && !q.types().isEmpty()) {
            sql.append(" AND a.type = ANY (?)");
            params.add(q.types().stream().map(AlertType::wire).toArray(String[]::new));
        }
        if (q.statuses() != null && !q.statuses().isEmpty()) {
            sql.append(" AND a.status = ANY (?)");
            params.add(q.statuses().stream().map(AlertStatus::wire).toArray(String[]::new));
        }
        if (q.from() != null) {
            sql.append(" AND (a.ended_at IS NULL OR a.ended_at >= ?)");
            params.add(StoredText.bound(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND a.issued_at < ?");
            params.add(StoredText.bound(q.to()));
        }
        if (q.cursor() != null) {
            String[] after = StoredText.parseCursor(q.cursor());
            sql.append(" AND (a.issued_at, a.id) < (?, ?)");
            params.add(after[0]);
            params.add(after[1]);
        }
        sql.append(" ORDER BY a.issued_at DESC, a.id DESC LIMIT ?");
        params.add(q.limit() + 1);
        return new PgHistory(sql.toString(), params);
    }

    PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof String[] arr) ps.setArray(i + 1, c.createArrayOf("text", arr));
            else ps.setObject(i + 1, p);
        }
        return ps;
    }

    @Override
    public String toString() {
        return sql + " " + params.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
