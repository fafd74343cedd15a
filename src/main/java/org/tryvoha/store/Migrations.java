package org.tryvoha.store;

import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.tryvoha.store.AlertStore.StoreException;

/** Brings a store's schema to what this code knows, with Flyway, or refuses clearly. */
public final class Migrations {
    private Migrations() {}

    /**
     * Applies the pending migrations found at {@code location}.
     *
     * @param database names the database in errors, e.g. "database /data/tryvoha.db"
     * @param newerAdvice what to do when the schema is newer than this code
     * @throws StoreException when the schema was written by a newer Tryvoha (a migration this code
     *     does not have), or when a migration fails
     */
    public static void apply(DataSource ds, String location, String database, String newerAdvice) {
        Flyway flyway = Flyway.configure()
                .dataSource(ds)
                .locations(location)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .outOfOrder(false)
                // Flyway ignores applied migrations it does not know ("*:future") by default; a schema
                // newer than the code must stop us, so nothing is ignored.
                .ignoreMigrationPatterns(new String[0])
                .cleanDisabled(true)
                .load();
        try {
            refuseNewer(database, newerAdvice, flyway.info().all());
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate " + database + ": " + e.getMessage(), e);
        }
    }

    private static void refuseNewer(String database, String advice, MigrationInfo[] all) {
        MigrationInfo[] unknown = Arrays.stream(all)
                .filter(m ->
                        m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .toArray(MigrationInfo[]::new);
        if (unknown.length == 0) return;
        String newest = unknown[unknown.length - 1].getVersion().toString();
        String known = Arrays.stream(all)
                .filter(m -> m.getState().isResolved())
                .reduce((a, b) -> b)
                .map(m -> m.getVersion().toString())
                .orElse("none");
        throw new StoreException(
                database + " has schema version " + newest + ", newer than this Tryvoha knows (" + known + "): "
                        + advice,
                null);
    }
}
