package org.tryvoha.store.postgres;

import org.tryvoha.store.Rows;
import org.tryvoha.store.StoredText;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tryvoha.auth.OperatorKey;
import org.tryvoha.store.AlertStore.StoreException;

/** The operator_keys table. */
final class PgKeys {
  private static final String UNIQUE_VIOLATION = "23505";

  private PgKeys() {}

  /** Inserts a new key; an id, name or hash already stored is refused (IllegalArgumentException). */
  static void save(PgPool db, OperatorKey k) {
    Objects.requireNonNull(k.createdAt(), "createdAt");
    try {
      db.write("saving operator key " + k.name(), c -> Rows.insertKey(c, k), null);
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
        throw new IllegalArgumentException("a key with this id, name or hash exists: " + s.getMessage(), e);
      }
      throw e;
    }
  }

  static Optional<OperatorKey> byHash(PgPool db, String hash) {
    return db.read("reading an operator key", true,
        c -> Rows.keys(c, "SELECT " + Rows.KEY_COLUMNS + " FROM operator_keys WHERE hash = ?", hash).stream().findFirst());
  }

  static List<OperatorKey> all(PgPool db) {
    return db.read("listing operator keys", true, c -> Rows.keys(c, "SELECT " + Rows.KEY_COLUMNS + " FROM operator_keys ORDER BY created_at, id"));
  }

  /** An id match wins over a name match, so one call never revokes two keys. */
  static boolean revoke(PgPool db, String idOrName, Instant at) {
    Objects.requireNonNull(idOrName, "idOrName");
    String when = StoredText.time(Objects.requireNonNull(at, "at"));
    return db.write("revoking operator key " + idOrName, c -> {
      List<OperatorKey> byId = Rows.keys(c, "SELECT " + Rows.KEY_COLUMNS + " FROM operator_keys WHERE id = ? FOR UPDATE", idOrName);
      List<OperatorKey> target =
          byId.isEmpty() ? Rows.keys(c, "SELECT " + Rows.KEY_COLUMNS + " FROM operator_keys WHERE name = ? FOR UPDATE", idOrName) : byId;
      if (target.isEmpty() || !target.get(0).valid()) return false;
      try (PreparedStatement ps = c.prepareStatement("UPDATE operator_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
        ps.setString(1, when);
        ps.setString(2, target.get(0).id());
        return ps.executeUpdate() == 1;
      }
    }, null);
  }
}
