package org.tryvoha.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tryvoha.store.Sql;
import org.tryvoha.store.StoredText;
import org.tryvoha.zone.ZoneTree;

/** The operators table (migration V2), on SQLite or PostgreSQL. Blocking. */
final class OperatorStore {
    private static final String COLUMNS = "id, name, role, zones, types, key_hash, created_at, created_by, revoked_at";

    private final Sql sql;
    private final ZoneTree tree;

    OperatorStore(Sql sql, ZoneTree tree) {
        this.sql = sql;
        this.tree = tree;
    }

    /** Inserts; false when the name is taken. */
    boolean insert(Operator o) {
        return sql.write("creating operator " + o.name(), c -> {
            if (!select(c, "WHERE name = ?", o.name()).isEmpty()) return false;
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO operators (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, o.id());
                ps.setString(2, o.name());
                ps.setString(3, o.role().wire());
                ps.setString(4, o.scope().zonesText());
                ps.setString(5, o.scope().typesText());
                ps.setString(6, o.keyHash());
                ps.setString(7, StoredText.time(o.createdAt()));
                ps.setString(8, o.createdBy());
                ps.setString(9, null);
                ps.executeUpdate();
            }
            return true;
        });
    }

    Optional<Operator> byId(String id) {
        return sql.read(
                "reading operator " + id,
                c -> select(c, "WHERE id = ?", id).stream().findFirst());
    }

    /** By id, or else by name. */
    Optional<Operator> find(String idOrName) {
        return sql.read("reading operator " + idOrName, c -> {
            List<Operator> found = select(c, "WHERE id = ?", idOrName);
            return (found.isEmpty() ? select(c, "WHERE name = ?", idOrName) : found)
                    .stream().findFirst();
        });
    }

    List<Operator> all() {
        return sql.read("listing operators", c -> select(c, "ORDER BY created_at, id"));
    }

    /** Sets role and scope of a valid operator; false when there is none. */
    boolean change(String id, Role role, Scope scope) {
        return sql.write("changing operator " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE operators SET role = ?, zones = ?, types = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setString(1, role.wire());
                ps.setString(2, scope.zonesText());
                ps.setString(3, scope.typesText());
                ps.setString(4, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    boolean revoke(String id, Instant at) {
        return sql.write("revoking operator " + id, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE operators SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setString(1, StoredText.time(at));
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private List<Operator> select(Connection c, String where, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM operators " + where)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            List<Operator> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Scope scope = Scope.parse(Scope.split(rs.getString(4)), Scope.split(rs.getString(5)), tree);
                    String revoked = rs.getString(9);
                    out.add(new Operator(
                            rs.getString(1),
                            rs.getString(2),
                            Role.parse(rs.getString(3)),
                            scope,
                            rs.getString(6),
                            StoredText.parseTime(rs.getString(7)),
                            rs.getString(8),
                            revoked == null ? null : StoredText.parseTime(revoked)));
                }
            }
            return out;
        }
    }
}
