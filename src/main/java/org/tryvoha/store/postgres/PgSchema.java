package org.tryvoha.store.postgres;

import javax.sql.DataSource;
import org.tryvoha.store.Migrations;

/**
 * Brings a database to the schema this code knows, or refuses clearly (the same checks as the
 * SQLite store, see {@link Migrations}). Nodes that start together are safe: Flyway holds a
 * PostgreSQL advisory lock while it migrates.
 */
final class PgSchema {
    static final String LOCATION = "classpath:db/migration/postgres";

    private PgSchema() {}

    static void migrate(DataSource ds, String where) {
        Migrations.apply(
                ds,
                LOCATION,
                "the PostgreSQL database " + where,
                "run a newer Tryvoha on every node, or restore a backup made with this one");
    }
}
