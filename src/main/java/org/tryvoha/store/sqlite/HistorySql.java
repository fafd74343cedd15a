package org.tryvoha.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.json.Json;
import org.tryvoha.store.HistoryQuery;
import org.tryvoha.store.StoredText;

/**
 * The SQL of one history page. Paging is by keyset on (issued_at, id), newest first: the cursor
 * names the last alert of the page, so alerts inserted meanwhile never shift later pages (no
 * duplicates, no gaps), unlike an offset.
 */
final class HistorySql {
    static final int MAX_LIMIT = 1000;

    final String sql;
    private final List<Object> params;

    private HistorySql(String sql, List<Object> params) {
        this.sql = sql;
        this.params = params;
    }

    /** One row more than the page, to know whether there is a next page. */
    static HistorySql of(HistoryQuery q) {
        if (q.limit() < 1 || q.limit() > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + q.limit());
        }
        StringBuilder sql =
                new StringBuilder("SELECT a.payload, a.last_seq, a.issued_at, a.id FROM alerts a WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.zones() != null && !q.zones().isEmpty()) {
            sql.append(
                    " AND a.id IN (SELECT z.alert_id FROM alert_zones z WHERE z.zone_id IN (SELECT value FROM json_each(?)))");
            params.add(jsonArray(q.zones()));
        }
        if (q.types() != null && !q.types().isEmpty()) {
            in(sql, params, "a.type", q.types().stream().map(AlertType::wire).collect(Collectors.toSet()));
        }
        if (q.statuses() != null && !q.statuses().isEmpty()) {
            in(
                    sql,
                    params,
                    "a.status",
                    q.statuses().stream().map(AlertStatus::wire).collect(Collectors.toSet()));
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
            sql.append(" AND (a.issued_at < ? OR (a.issued_at = ? AND a.id < ?))");
            params.add(after[0]);
            params.add(after[0]);
            params.add(after[1]);
        }
        sql.append(" ORDER BY a.issued_at DESC, a.id DESC LIMIT ?");
        params.add(q.limit() + 1);
        return new HistorySql(sql.toString(), params);
    }

    PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
        return ps;
    }

    private static void in(StringBuilder sql, List<Object> params, String column, Set<String> values) {
        sql.append(" AND ").append(column).append(" IN (");
        sql.append(values.stream().map(v -> "?").collect(Collectors.joining(", ")))
                .append(')');
        params.addAll(values);
    }

    private static String jsonArray(Collection<String> values) {
        try {
            return Json.MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("zones cannot be encoded", e);
        }
    }
}
