package org.tryvoha.store.sqlite;

import java.nio.file.Path;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStoreContract;

class SqliteAlertStoreTest extends AlertStoreContract {
  @Override
  protected AlertStore newStore(Path dir) {
    return SqliteAlertStore.open(dir);
  }
}
