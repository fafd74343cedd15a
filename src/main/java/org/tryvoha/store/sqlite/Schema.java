package org.tryvoha.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteDataSource;
import org.tryvoha.store.AlertStore.StoreException;

/** Brings a database file to the schema this code knows, with Flyway, or refuses clearly. */
final class Schema {
  static final String LOCATION = "classpath:db/migration/sqlite";
  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private Schema() {}

  /**
   * Applies pending migrations to {@code file}, creating it when missing.
   *
   * @throws StoreException when the file is not a SQLite database, when its schema was written by
   *     a newer Tryvoha (a migration this code does not have), or when a migration fails
   */
  static void migrate(Path file) {
    checkHeader(file);
    SQLiteDataSource ds = new SQLiteDataSource(Connections.config());
    ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    Flyway flyway =
        Flyway.configure()
            .dataSource(ds)
            .locations(LOCATION)
            .failOnMissingLocations(true)
            .validateMigrationNaming(true)
            .outOfOrder(false)
            // Flyway ignores applied migrations it does not know ("*:future") by default; a schema
            // newer than the code must stop us, so nothing is ignored.
            .ignoreMigrationPatterns(new String[0])
            .cleanDisabled(true)
            .load();
    try {
      refuseNewer(file, flyway.info().all());
      flyway.migrate();
    } catch (FlywayException e) {
      throw new StoreException("cannot migrate " + file + ": " + e.getMessage(), e);
    }
  }

  private static void refuseNewer(Path file, MigrationInfo[] all) {
    MigrationInfo[] unknown =
        Arrays.stream(all)
            .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
            .toArray(MigrationInfo[]::new);
    if (unknown.length == 0) return;
    String newest = unknown[unknown.length - 1].getVersion().toString();
    String known =
        Arrays.stream(all).filter(m -> m.getState().isResolved()).reduce((a, b) -> b).map(m -> m.getVersion().toString()).orElse("none");
    throw new StoreException(
        "database " + file + " has schema version " + newest + ", newer than this Tryvoha knows (" + known
            + "): run a newer Tryvoha, or restore a backup made with this one",
        null);
  }

  /** SQLite only notices a foreign file at the first query, with a vague message: check first. */
  private static void checkHeader(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) return;
      byte[] head = new byte[SQLITE_HEADER.length];
      try (InputStream in = Files.newInputStream(file)) {
        if (in.readNBytes(head, 0, head.length) != head.length || !Arrays.equals(head, SQLITE_HEADER)) {
          throw new StoreException(file + " is not a SQLite database (wrong header): refusing to open it", null);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
