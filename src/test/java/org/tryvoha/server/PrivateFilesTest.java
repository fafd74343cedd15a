package org.tryvoha.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.config.Config;
import org.tryvoha.config.PrivateFiles;
import org.tryvoha.signing.Signing;
import org.tryvoha.signing.SigningKey;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/**
 * The data directory, the database (it holds the signing private key) and the first-start admin
 * key are readable only by the account the server runs as; the admin key is never printed.
 */
class PrivateFilesTest {
    static final String BODY =
            "{\"type\":\"air_raid\",\"zones\":[\"UA63000000000041885\"],\"message\":{\"uk\":\"Тривога\"}}";

    @TempDir
    Path tmp;

    Path data;

    @BeforeEach
    void posixOnly() throws Exception {
        assumeThat(Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class))
                .as("modes are POSIX")
                .isTrue();
        data = tmp.resolve("data");
    }

    @Test
    void aFirstStartMakesTheDataDirectoryAndItsFilesPrivateAndPrintsOnlyTheKeysPath() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Config.Flags f = new Config.Flags(null, "127.0.0.1", 0, data, null, null, null, null, null, null);
        try (App app = App.start(Config.resolve(f, Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(mode(data)).isEqualTo("rwx------");
            // -wal and -shm exist while the server has the database open
            for (String name : List.of("tryvoha.db", "tryvoha.db-wal", "tryvoha.db-shm"))
                assertThat(mode(data.resolve(name))).as(name).isEqualTo("rw-------");

            Path keyFile = data.resolve(App.ADMIN_KEY_FILE);
            assertThat(mode(keyFile)).isEqualTo("rw-------");
            String key = Files.readString(keyFile).strip();
            assertThat(key).startsWith("tvk_");
            assertThat(printed).doesNotContain(key).contains("admin key file: " + keyFile.toAbsolutePath());
            assertThat(TestServer.adminKey(printed)).isEqualTo(key);

            assertThat(post(app, key)).as("the key in the file works").isEqualTo(201);
        }
    }

    @Test
    void aDataDirectoryAnOlderReleaseLeftOpenIsTightenedOnOpen() throws Exception {
        try (AlertStore s = SqliteAlertStore.open(data)) {
            s.sql(); // created
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = data.resolve(SqliteAlertStore.FILE_NAME);
        Path wal = data.resolve(SqliteAlertStore.FILE_NAME + "-wal");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(wal, ""); // as a crash would leave it
        Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-rw-rw-"));
        String log = stderrOf(() -> {
            try (AlertStore s = SqliteAlertStore.open(data)) {
                assertThat(mode(data)).isEqualTo("rwx------");
                assertThat(mode(db)).isEqualTo("rw-------");
                assertThat(mode(wal)).isEqualTo("rw-------");
            }
        });
        assertThat(log).contains(db + " was rw-r--r--").contains(data + " was rwxr-xr-x");
    }

    @Test
    void aSigningKeyFileOthersCanReadIsUsedWithAWarning() throws Exception {
        Path pem = Files.writeString(tmp.resolve("signing.pem"), Signing.pem(SigningKey.generate(Instant.now())));
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(stderrOf(() -> Signing.readPem(pem))).contains(pem + " can be read by group or others");
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
        assertThat(stderrOf(() -> Signing.readPem(pem))).doesNotContain("can be read");
    }

    interface Action {
        void run() throws Exception;
    }

    /** What {@code a} logged: slf4j-simple writes to the current System.err. */
    private static String stderrOf(Action a) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            a.run();
        } finally {
            System.setErr(was);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAdminKeyFileIsNeverOverwritten() throws Exception {
        Files.createDirectories(data);
        Files.writeString(data.resolve(App.ADMIN_KEY_FILE), "tvk_an_older_key\n");
        try (TestServer s = TestServer.start(data)) {
            assertThat(Files.readString(data.resolve(App.ADMIN_KEY_FILE))).isEqualTo("tvk_an_older_key\n");
            Path second = data.resolve(App.ADMIN_KEY_FILE + ".2");
            assertThat(Files.readString(second).strip()).isEqualTo(s.adminKey);
            assertThat(mode(second)).isEqualTo("rw-------");
            assertThat(s.send("POST", "/api/v1/alerts", BODY, s.adminKey).status())
                    .isEqualTo(201);
        }
    }

    @Test
    void createNewRefusesAnExistingFileAndLeavesNoTemporaryFile() throws Exception {
        Files.createDirectories(data);
        Path f = data.resolve("secret");
        PrivateFiles.createNew(f, "one");
        assertThatThrownBy(() -> PrivateFiles.createNew(f, "two")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(f)).isEqualTo("one");
        try (var files = Files.list(data)) {
            assertThat(files).containsExactly(f);
        }
    }

    private static int post(App app, String key) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/v1/alerts"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
