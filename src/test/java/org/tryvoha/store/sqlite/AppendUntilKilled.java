package org.tryvoha.store.sqlite;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;

/** The child process of the kill -9 test: appends forever, printing "ack SEQ" after each commit. */
public final class AppendUntilKilled {
    public static void main(String[] args) {
        SqliteAlertStore store = SqliteAlertStore.open(Path.of(args[0]));
        for (int i = 0; ; i++) {
            Instant now = Instant.now();
            Alert a = new Alert(
                    "k" + i,
                    AlertType.AIR_RAID,
                    AlertStatus.ACTUAL,
                    List.of("UA63"),
                    null,
                    Map.of("uk", "Тривога"),
                    "test",
                    now,
                    null,
                    now,
                    null,
                    true);
            long seq = store.append(EventKind.ISSUED, a, List.of(), now, 0).seq();
            System.out.println("ack " + seq);
            System.out.flush();
        }
    }
}
