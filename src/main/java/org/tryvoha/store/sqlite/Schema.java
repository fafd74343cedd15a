package org.tryvoha.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.sqlite.SQLiteDataSource;
import org.tryvoha.store.AlertStore.StoreException;
import org.tryvoha.store.Migrations;

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
        Migrations.apply(
                ds, LOCATION, "database " + file, "run a newer Tryvoha, or restore a backup made with this one");
    }

    /** SQLite only notices a foreign file at the first query, with a vague message: check first. */
    private static void checkHeader(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) return;
            byte[] head = new byte[SQLITE_HEADER.length];
            try (InputStream in = Files.newInputStream(file)) {
                if (in.readNBytes(head, 0, head.length) != head.length || !Arrays.equals(head, SQLITE_HEADER)) {
                    throw new StoreException(
                            file + " is not a SQLite database (wrong header): refusing to open it", null);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
