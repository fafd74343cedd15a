package org.tryvoha.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.auth.Ops.KHARKIV_OBLAST;
import static org.tryvoha.auth.Ops.KHARKIV_RAION;
import static org.tryvoha.auth.Ops.POLTAVA_OBLAST;
import static org.tryvoha.auth.Ops.alert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.auth.Ops;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/**
 * Whoever can write the database can cut entries off the end of the audit log and make the head
 * row agree; the signed checkpoints the server writes beside the data give it away.
 */
class AuditTruncationTest {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TempDir
    Path dir;

    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = Ops.server(dir, Map.of());
        String operator = Ops.create(server, "kharkiv-op", "operator", "[\"" + KHARKIV_OBLAST + "\"]", "\"*\"");
        server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), operator);
        server.send("POST", "/api/v1/alerts", alert("drone", POLTAVA_OBLAST), operator); // refused: audited too
        server.send("POST", "/api/v1/alerts", alert("missile", KHARKIV_RAION), operator);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void deletingTheLastEntriesWithTheHeadRowIsReportedAsTruncation() throws Exception {
        long top = checkpointed();
        sql("DELETE FROM audit_log WHERE seq > " + (top - 2), "DELETE FROM audit_head");
        String[] v = AuditApiTest.run("audit", "verify", "--data-dir", dir.toString());
        assertThat(v[1]).contains("TAMPERED: truncated after seq " + (top - 2));
        assertThat(v[0]).isEqualTo("2");
    }

    @Test
    void copyingTheNewLastEntryIntoTheHeadIsReportedAsTruncation() throws Exception {
        long top = checkpointed();
        long keep = top - 2;
        sql(
                "DELETE FROM audit_log WHERE seq > " + keep,
                "UPDATE audit_head SET seq = " + keep + ", hash = (SELECT hash FROM audit_log WHERE seq = " + keep
                        + ")");
        String[] v = AuditApiTest.run("audit", "verify", "--data-dir", dir.toString());
        assertThat(v[1]).contains("TAMPERED: truncated after seq " + keep);
        assertThat(v[0]).isEqualTo("2");
        String[] remote =
                AuditApiTest.run("audit", "verify", "--remote", "--server", server.base, "--key", server.adminKey);
        assertThat(remote[1]).contains("truncated after seq " + keep);
    }

    @Test
    void aCleanLogVerifiesAgainstItsCheckpoints() throws Exception {
        long top = checkpointed();
        String[] v = AuditApiTest.run("audit", "verify", "--data-dir", dir.toString());
        assertThat(v[0]).as(v[1]).isEqualTo("0");
        assertThat(v[1]).startsWith("ok: ").contains("signed checkpoints");
        // an exported copy works the same; a forged line in it is refused
        Path copy = dir.resolve("exported.log");
        String text = Files.readString(dir.resolve("audit-checkpoints.log"));
        Files.writeString(copy, text.replace("\"seq\":" + top + ",", "\"seq\":" + (top + 5) + ","));
        String[] forged =
                AuditApiTest.run("audit", "verify", "--data-dir", dir.toString(), "--checkpoints", copy.toString());
        assertThat(forged[0]).isEqualTo("2");
        assertThat(forged[1]).contains("signature that does not match");
    }

    /** Waits (bounded) until the server has checkpointed its latest entry; returns the seq it vouches for. */
    private long checkpointed() throws Exception {
        long last = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        Path file = dir.resolve("audit-checkpoints.log");
        while (System.nanoTime() < deadline) {
            last = maxSeq();
            long top = 0;
            if (Files.exists(file)) {
                Matcher m = SEQ.matcher(Files.readString(file));
                while (m.find()) top = Math.max(top, Long.parseLong(m.group(1)));
            }
            if (top >= 4 && top == last) return top;
            Thread.sleep(50);
        }
        return last;
    }

    private long maxSeq() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAlertStore.FILE_NAME));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAlertStore.FILE_NAME));
                Statement s = c.createStatement()) {
            for (String q : statements) s.executeUpdate(q);
        }
    }
}
