package org.tryvoha.audit;

import java.sql.Connection;
import java.sql.SQLException;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.postgres.PgTestDatabase;
import org.tryvoha.store.postgres.PostgresAlertStore;

class PostgresOpsStoreTest extends OpsStoreContract {
    PgTestDatabase db;

    @Override
    AlertStore open() {
        if (db == null) db = PgTestDatabase.create("tryvoha_ops");
        return PostgresAlertStore.open(db.settings());
    }

    @Override
    void reset() {
        if (db != null) db.close();
        db = null;
    }

    @Override
    Connection direct() throws SQLException {
        return db.connect();
    }
}
