package org.tryvoha.store.postgres;

import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.tryvoha.store.AlertStore.StoreException;

/**
 * Brings a database to the schema this code knows, with Flyway, or refuses clearly (the same checks
 * as the SQLite store). Nodes that start together are safe: Flyway holds a PostgreSQL advisory lock
 * while it migrates.
 */
final class PgSchema {
  static final String LOCATION = "classpath:db/migration/postgres";

  private PgSchema() {}

  /**
   * Applies pending migrations.
   *
   * @throws StoreException when the schema was written by a newer Tryvoha (a migration this code
   *     does not have), or when a migration fails
   */
  static void migrate(DataSource ds, String where) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(ds)
            .locations(LOCATION)
            .failOnMissingLocations(true)
            .validateMigrationNaming(true)
            .outOfOrder(false)
            // applied migrations this code does not know ("*:future") must stop us: ignore nothing
            .ignoreMigrationPatterns(new String[0])
            .cleanDisabled(true)
            .load();
    try {
      refuseNewer(where, flyway.info().all());
      flyway.migrate();
    } catch (FlywayException e) {
      throw new StoreException("cannot migrate the PostgreSQL database " + where + ": " + e.getMessage(), e);
    }
  }

  private static void refuseNewer(String where, MigrationInfo[] all) {
    MigrationInfo[] unknown =
        Arrays.stream(all)
            .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
            .toArray(MigrationInfo[]::new);
    if (unknown.length == 0) return;
    String newest = unknown[unknown.length - 1].getVersion().toString();
    String known =
        Arrays.stream(all).filter(m -> m.getState().isResolved()).reduce((a, b) -> b).map(m -> m.getVersion().toString()).orElse("none");
    throw new StoreException(
        "PostgreSQL database " + where + " has schema version " + newest + ", newer than this Tryvoha knows (" + known
            + "): run a newer Tryvoha on every node, or restore a backup made with this one",
        null);
  }
}
