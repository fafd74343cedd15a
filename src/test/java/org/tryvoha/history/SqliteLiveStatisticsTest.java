package org.tryvoha.history;

import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/** Live statistics version by version on SQLite. */
class SqliteLiveStatisticsTest extends LiveStatisticsContract {
    @Override
    AlertStore open() {
        return SqliteAlertStore.open(dir);
    }
}
