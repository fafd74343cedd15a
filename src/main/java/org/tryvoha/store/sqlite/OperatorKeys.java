package org.tryvoha.store.sqlite;

import org.tryvoha.store.Rows;
import org.tryvoha.store.StoredText;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.tryvoha.auth.OperatorKey;

/** The operator_keys table. */
final class OperatorKeys {

  private OperatorKeys() {}

  /** Inserts a new key; an id, name or hash already stored is refused (IllegalArgumentException). */
  static void save(Connections db, OperatorKey k) {
    Objects.requireNonNull(k.createdAt(), "createdAt");
    try {
      db.write(c -> Rows.insertKey(c, k));
    } catch (RuntimeException e) {
      if (e.getCause() instanceof SQLiteException s && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_CONSTRAINT.code) {
        throw new IllegalArgumentException("a key with this id, name or hash exists: " + s.getMessage(), e);
      }
      throw e;
    }
  }

  static Optional<OperatorKey> byHash(Connections db, String hash) {
    return db.read(c -> {
      List<OperatorKey> found = Rows.keys(c, "SELECT " + Rows.KEY_COLUMNS + " FROM operator_keys WHERE hash = ?", hash);
      return found.stream().findFirst();
    });
  }

  static List<OperatorKey> all(Connections db) {
    return db.read(c -> Rows.keys(c, "SELECT " + Rows.KEY_COLUMNS + " FROM operator_keys ORDER BY created_at, id"));
  }

  /** An id match wins over a name match, so one call never revokes two keys. */
  static boolean revoke(Connections db, String idOrName, Instant at) {
    Objects.requireNonNull(idOrName, "idOrName");
    String when = StoredText.time(Objects.requireNonNull(at, "at"));
    return db.write(c -> {
      List<OperatorKey> byId = Rows.keys(c, "SELECT " + Rows.KEY_COLUMNS + " FROM operator_keys WHERE id = ?", idOrName);
      List<OperatorKey> target =
          byId.isEmpty() ? Rows.keys(c, "SELECT " + Rows.KEY_COLUMNS + " FROM operator_keys WHERE name = ?", idOrName) : byId;
      if (target.isEmpty() || !target.get(0).valid()) return false;
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE operator_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
        ps.setString(1, when);
        ps.setString(2, target.get(0).id());
        return ps.executeUpdate() == 1;
      }
    });
  }
}
