package org.tryvoha.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

class SqliteHistoryImportTest extends HistoryImportContract {
    @Override
    AlertStore open() {
        try {
            return SqliteAlertStore.open(Files.createTempDirectory("history-import"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
