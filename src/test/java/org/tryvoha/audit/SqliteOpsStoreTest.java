package org.tryvoha.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

class SqliteOpsStoreTest extends OpsStoreContract {
    @TempDir
    Path root;

    Path dir;
    int n;

    @Override
    AlertStore open() {
        if (dir == null) dir = root.resolve("data" + n++);
        return SqliteAlertStore.open(dir);
    }

    @Override
    void reset() {
        dir = null;
    }

    @Override
    Connection direct() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAlertStore.FILE_NAME));
    }
}
