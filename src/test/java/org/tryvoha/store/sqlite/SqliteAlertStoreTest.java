package org.tryvoha.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.StoreException;
import org.tryvoha.store.AlertStoreContract;

class SqliteAlertStoreTest extends AlertStoreContract {
    @Override
    protected AlertStore newStore(Path dir) {
        return SqliteAlertStore.open(dir);
    }

    @Test
    void everyCommitIsDurable() {
        SqliteAlertStore s = (SqliteAlertStore) store;
        assertThat(s.pragma("journal_mode")).isEqualToIgnoringCase("wal");
        assertThat(s.pragma("synchronous")).isEqualTo("2"); // FULL
        assertThat(s.pragma("foreign_keys")).isEqualTo("1");
        assertThat(Integer.parseInt(s.pragma("busy_timeout"))).isPositive();
    }

    @Test
    void opensCreatingTheDataDirectory() {
        Path nested = dir.resolve("a/b/data");
        try (AlertStore s = SqliteAlertStore.open(nested)) {
            assertThat(s.lastSeq()).isZero();
        }
        assertThat(nested.resolve(SqliteAlertStore.FILE_NAME)).isRegularFile();
    }

    @Test
    void refusesAFileThatIsNotADatabase() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve(SqliteAlertStore.FILE_NAME), "id,name\n1,not a database\n".repeat(100));
        assertThatThrownBy(() -> SqliteAlertStore.open(other))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not a SQLite database");
    }

    @Test
    void refusesASchemaNewerThanTheCode() throws Exception {
        issue(alert("a", List.of("z1"), T0));
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAlertStore.FILE_NAME));
                Statement st = c.createStatement()) {
            st.executeUpdate("""
          INSERT INTO flyway_schema_history
            (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
          VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, 1)
          """);
        }
        assertThatThrownBy(() -> SqliteAlertStore.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer");
        store = SqliteAlertStore.open(dir.resolve("fresh")); // for @AfterEach
    }

    /** kill -9 a writer in the middle of appending: every acknowledged event is there afterwards. */
    @Test
    void acknowledgedAppendsSurviveKillMinusNine() throws Exception {
        store.close();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        AppendUntilKilled.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long lastAck = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; lastAck < 300 && (line = out.readLine()) != null; ) {
                if (line.startsWith("ack ")) lastAck = Long.parseLong(line.substring(4));
            }
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastAck).isGreaterThanOrEqualTo(300);

        store = SqliteAlertStore.open(dir);
        long last = store.lastSeq();
        assertThat(last).isGreaterThanOrEqualTo(lastAck);
        List<AlertEvent> log = store.events(0, (int) last + 1);
        assertThat(log)
                .extracting(AlertEvent::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, last).boxed().toList());
        assertThat(issue(alert("after", List.of("z1"), T0)).seq()).isEqualTo(last + 1);
    }
}
