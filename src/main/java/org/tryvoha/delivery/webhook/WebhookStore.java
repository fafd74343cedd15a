package org.tryvoha.delivery.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tryvoha.store.Sql;

/**
 * Webhook registrations and their delivery log, in the store's database (table {@code webhooks},
 * {@code webhook_deliveries}; migration V4). Blocking (JDBC): call from a worker thread.
 */
public final class WebhookStore {
    /**
     * One attempt in the delivery log.
     *
     * @param status the HTTP status, null when there was no answer
     * @param error our words for what went wrong, starting with its class ({@code timeout: …}); never
     *     the network stack's own message
     */
    public record Attempt(
            String hookId,
            long seq,
            int attempt,
            Instant at,
            Integer status,
            String outcome,
            String error,
            long millis) {
        /** Failure classes of {@link org.tryvoha.delivery.HttpPost.Result#failure()}. */
        static final Set<String> CLASSES =
                Set.of("timeout", "refused", "unreachable", "dns", "tls", "closed", "blocked", "failed");

        /** {@code 2xx} … {@code 5xx} for an answer, else the failure class; null for a dropped event. */
        @JsonProperty("result")
        public String result() {
            if (status != null) return (status / 100) + "xx";
            if (error == null) return null;
            int colon = error.indexOf(':');
            String c = colon < 0 ? "" : error.substring(0, colon);
            return CLASSES.contains(c) ? c : null;
        }

        /**
         * The error as it may be shown: rows written before failures were classed held the network
         * stack's message (which told open ports apart from closed ones), so those are hidden.
         */
        Attempt shown() {
            if (error == null || status != null || !"retrying".equals(outcome) && !"failed".equals(outcome))
                return this;
            if (result() != null) return this;
            return new Attempt(hookId, seq, attempt, at, status, outcome, "failed: no answer", millis);
        }
    }

    private static final String COLUMNS =
            "id, url, zones, drills, secret, enabled, failures, disabled_reason, created_at, created_by, created_by_id";

    private final Sql sql;
    private final int keep;

    public WebhookStore(Sql sql, int keep) {
        this.sql = sql;
        this.keep = keep;
    }

    public void insert(Webhook h) {
        sql.write("add webhook", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO webhooks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, h.id());
                p.setString(2, h.url());
                p.setString(3, String.join(",", h.zones()));
                p.setInt(4, h.drills() ? 1 : 0);
                p.setString(5, h.secret());
                p.setInt(6, h.enabled() ? 1 : 0);
                p.setInt(7, h.failures());
                p.setString(8, h.disabledReason());
                p.setString(9, h.createdAt().toString());
                p.setString(10, h.createdBy());
                p.setString(11, h.createdById());
                return p.executeUpdate();
            }
        });
    }

    public List<Webhook> all() {
        return sql.read("list webhooks", c -> {
            try (PreparedStatement p =
                            c.prepareStatement("SELECT " + COLUMNS + " FROM webhooks ORDER BY created_at, id");
                    ResultSet rs = p.executeQuery()) {
                List<Webhook> out = new ArrayList<>();
                while (rs.next()) out.add(hook(rs));
                return out;
            }
        });
    }

    public Optional<Webhook> get(String id) {
        return all().stream().filter(h -> h.id().equals(id)).findFirst();
    }

    /** Saves enabled, failures and the reason; false when the hook is gone. */
    public boolean saveState(Webhook h) {
        return sql.write("update webhook", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE webhooks SET enabled = ?, failures = ?, disabled_reason = ? WHERE id = ?")) {
                p.setInt(1, h.enabled() ? 1 : 0);
                p.setInt(2, h.failures());
                p.setString(3, h.disabledReason());
                p.setString(4, h.id());
                return p.executeUpdate() == 1;
            }
        });
    }

    /** Removes the hook and its log; false when there was none. */
    public boolean delete(String id) {
        return sql.write("remove webhook", c -> {
            update(c, "DELETE FROM webhook_deliveries WHERE hook_id = ?", id);
            return update(c, "DELETE FROM webhooks WHERE id = ?", id) == 1;
        });
    }

    /** Appends attempts to the log in one transaction and keeps only the newest rows of each hook. */
    public void log(List<Attempt> attempts) {
        if (attempts.isEmpty()) return;
        sql.write("log webhook deliveries", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO webhook_deliveries (hook_id, seq, attempt, at, status, outcome, error, millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Attempt a : attempts) {
                    p.setString(1, a.hookId());
                    p.setLong(2, a.seq());
                    p.setInt(3, a.attempt());
                    p.setString(4, a.at().toString());
                    if (a.status() == null) p.setNull(5, Types.INTEGER);
                    else p.setInt(5, a.status());
                    p.setString(6, a.outcome());
                    p.setString(7, a.error());
                    p.setLong(8, a.millis());
                    p.addBatch();
                }
                p.executeBatch();
            }
            for (String hook : attempts.stream().map(Attempt::hookId).distinct().toList()) {
                try (PreparedStatement p =
                        c.prepareStatement("DELETE FROM webhook_deliveries WHERE hook_id = ? AND id NOT IN "
                                + "(SELECT id FROM webhook_deliveries WHERE hook_id = ? ORDER BY id DESC LIMIT ?)")) {
                    p.setString(1, hook);
                    p.setString(2, hook);
                    p.setInt(3, keep);
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The hook's newest log rows, newest first. */
    public List<Attempt> log(String hookId, int limit) {
        return sql.read("read webhook log", c -> {
            try (PreparedStatement p =
                    c.prepareStatement("SELECT hook_id, seq, attempt, at, status, outcome, error, millis "
                            + "FROM webhook_deliveries WHERE hook_id = ? ORDER BY id DESC LIMIT ?")) {
                p.setString(1, hookId);
                p.setInt(2, limit);
                try (ResultSet rs = p.executeQuery()) {
                    List<Attempt> out = new ArrayList<>();
                    while (rs.next()) {
                        int st = rs.getInt(5);
                        Integer status = rs.wasNull() ? null : st;
                        out.add(new Attempt(
                                        rs.getString(1),
                                        rs.getLong(2),
                                        rs.getInt(3),
                                        Instant.parse(rs.getString(4)),
                                        status,
                                        rs.getString(6),
                                        rs.getString(7),
                                        rs.getLong(8))
                                .shown());
                    }
                    return out;
                }
            }
        });
    }

    private static int update(Connection c, String statement, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(statement)) {
            p.setString(1, id);
            return p.executeUpdate();
        }
    }

    private static Webhook hook(ResultSet rs) throws SQLException {
        String zones = rs.getString(3);
        return new Webhook(
                rs.getString(1),
                rs.getString(2),
                zones.isEmpty() ? List.of() : Arrays.asList(zones.split(",")),
                rs.getInt(4) == 1,
                rs.getString(5),
                rs.getInt(6) == 1,
                rs.getInt(7),
                rs.getString(8),
                Instant.parse(rs.getString(9)),
                rs.getString(10),
                rs.getString(11));
    }
}
