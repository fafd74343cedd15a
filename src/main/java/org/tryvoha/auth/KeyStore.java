package org.tryvoha.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tryvoha.store.Sql;
import org.tryvoha.store.StoredText;

/**
 * The operator_keys table (migration V1), on SQLite or PostgreSQL: the same table and columns the
 * store kept them in before, so existing keys keep working. Thread-safe. Blocking (JDBC).
 */
final class KeyStore {
    private static final String COLUMNS = "id, name, hash, created_at, revoked_at";

    private final Sql sql;

    KeyStore(Sql sql) {
        this.sql = sql;
    }

    /** Inserts a new key; an id, name or hash already stored is refused (IllegalArgumentException). */
    void save(OperatorKey k) {
        Objects.requireNonNull(k.createdAt(), "createdAt");
        try {
            sql.write("saving operator key " + k.name(), c -> {
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO operator_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, k.id());
                    ps.setString(2, k.name());
                    ps.setString(3, k.hash());
                    ps.setString(4, StoredText.time(k.createdAt()));
                    ps.setString(5, StoredText.time(k.revokedAt()));
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            SQLException s = uniqueViolation(e);
            if (s != null)
                throw new IllegalArgumentException("a key with this id, name or hash exists: " + s.getMessage(), e);
            throw e;
        }
    }

    /** The key with this hash, revoked or not. */
    Optional<OperatorKey> byHash(String hash) {
        return sql.read(
                "reading an operator key",
                c -> select(c, "WHERE hash = ?", hash).stream().findFirst());
    }

    List<OperatorKey> all() {
        return sql.read("listing operator keys", c -> select(c, "ORDER BY created_at, id"));
    }

    /** Revokes the key with this id or name; false when there is none or it is already revoked. An id match wins, so one call never revokes two keys. */
    boolean revoke(String idOrName, Instant at) {
        Objects.requireNonNull(idOrName, "idOrName");
        String when = StoredText.time(Objects.requireNonNull(at, "at"));
        String lock = sql.dialect() == Sql.Dialect.POSTGRES ? " FOR UPDATE" : "";
        return sql.write("revoking operator key " + idOrName, c -> {
            List<OperatorKey> byId = select(c, "WHERE id = ?" + lock, idOrName);
            List<OperatorKey> target = byId.isEmpty() ? select(c, "WHERE name = ?" + lock, idOrName) : byId;
            if (target.isEmpty() || !target.get(0).valid()) return false;
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE operator_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setString(1, when);
                ps.setString(2, target.get(0).id());
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static List<OperatorKey> select(Connection c, String where, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM operator_keys " + where)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<OperatorKey> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new OperatorKey(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            StoredText.parseTime(rs.getString(4)),
                            StoredText.parseTime(rs.getString(5))));
                }
                return out;
            }
        }
    }

    /** The unique violation behind a failed insert: SQLSTATE class 23 (PostgreSQL), or SQLite's SQLITE_CONSTRAINT (19). */
    private static SQLException uniqueViolation(Throwable t) {
        for (; t != null; t = t.getCause()) {
            if (t instanceof SQLException s
                    && ((s.getSQLState() != null && s.getSQLState().startsWith("23"))
                            || (s.getErrorCode() & 0xff) == 19)) {
                return s;
            }
        }
        return null;
    }
}
