package org.tryvoha.history;

import org.tryvoha.store.AlertStore;
import org.tryvoha.store.postgres.PgTestDatabase;
import org.tryvoha.store.postgres.PostgresAlertStore;

/** Live statistics version by version on the real PostgreSQL of this machine (fails, saying how to start it, when it is down). */
class PostgresLiveStatisticsTest extends LiveStatisticsContract {
    private PgTestDatabase db;

    @Override
    AlertStore open() {
        db = PgTestDatabase.create("livestats");
        return PostgresAlertStore.open(db.settings());
    }

    @Override
    void cleanUp() {
        db.close();
    }
}
