package org.tryvoha.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.signing.SigningKey;
import org.tryvoha.signing.SigningKeyStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/** The audit chain against its signed checkpoints, on a real SQLite file tampered with over JDBC. */
class AuditCheckpointsTest {
    @TempDir
    Path dir;

    SqliteAlertStore store;
    AuditCheckpoints checkpoints;
    AuditLog audit;

    @BeforeEach
    void open() {
        store = SqliteAlertStore.open(dir);
        SigningKey key = new SigningKeyStore(store.sql()).currentOrCreate(Instant.now());
        checkpoints = AuditCheckpoints.writing(dir.resolve(AuditCheckpoints.FILE_NAME), () -> key, Clock.systemUTC());
        audit = new AuditLog(store.sql(), Clock.systemUTC(), checkpoints);
        for (int i = 1; i <= 6; i++) audit.append("op", "id", "operator", "alert.raise", "a" + i, 201, Map.of("i", i));
        checkpoints.flush();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aCleanLogReachesItsCheckpoint() {
        AuditLog.Verdict v = audit.verify();
        assertThat(v.ok()).as(v.problem()).isTrue();
        assertThat(v.checkpoints()).isPositive(); // the first append's own, maybe, and the flush's
        assertThat(v.checkpointedSeq()).isEqualTo(6);
        assertThat(v.note()).isNull();
    }

    @Test
    void deletingTheLastEntriesAndTheHeadRowIsTruncation() throws SQLException {
        sql("DELETE FROM audit_log WHERE seq > 4", "DELETE FROM audit_head");
        AuditLog.Verdict v = audit.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.truncatedAfter()).isEqualTo(4);
        assertThat(v.problem()).startsWith("truncated after seq 4").contains("entries 5..6");
    }

    @Test
    void copyingTheNewLastEntryIntoTheHeadIsTruncation() throws SQLException {
        sql(
                "DELETE FROM audit_log WHERE seq > 4",
                "UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4)");
        AuditLog.Verdict v = audit.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.truncatedAfter()).isEqualTo(4);
        assertThat(v.firstBadSeq()).isEqualTo(5);
    }

    @Test
    void aChainRewrittenUpToTheCheckpointDoesNotMatchIt() throws SQLException {
        // rewrite entry 6 and re-hash it, head included: the chain alone is consistent again
        sql("UPDATE audit_log SET status = 403 WHERE seq = 6");
        AuditEntry e = audit.list(5, 1).get(0);
        String rehashed = AuditChain.hash(e.prevHash(), e);
        sql(
                "UPDATE audit_log SET hash = '" + rehashed + "' WHERE seq = 6",
                "UPDATE audit_head SET hash = '" + rehashed + "'");
        assertThat(new AuditLog(store.sql(), Clock.systemUTC()).verify().ok()).isTrue();
        AuditLog.Verdict v = audit.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(6);
        assertThat(v.problem()).contains("does not match the checkpoint");
    }

    @Test
    void checkpointsFollowTheLogAndALineCutShortByACrashIsSkipped() throws Exception {
        int before = audit.verify().checkpoints();
        audit.append("op", "id", "operator", "alert.cancel", "a1", 200, Map.of());
        checkpoints.flush();
        Files.writeString(checkpoints.file(), "{\"seq\":9,\"ha", StandardOpenOption.APPEND);
        AuditLog.Verdict v = audit.verify();
        assertThat(v.ok()).as(v.problem()).isTrue();
        assertThat(v.checkpoints()).isEqualTo(before + 1);
        assertThat(v.checkpointedSeq()).isEqualTo(7);
    }

    @Test
    void withoutTheFileTheVerdictSaysWhatItCannotSee() throws Exception {
        Files.delete(checkpoints.file());
        sql("DELETE FROM audit_log WHERE seq > 4", "DELETE FROM audit_head");
        AuditLog.Verdict v =
                new AuditLog(store.sql(), Clock.systemUTC(), AuditCheckpoints.readOnly(checkpoints.file())).verify();
        assertThat(v.ok()).isFalse(); // the missing head row still shows
        assertThat(v.problem()).contains("head row is missing");
        assertThat(v.note()).contains("no checkpoint file");
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAlertStore.FILE_NAME));
                Statement s = c.createStatement()) {
            for (String q : statements) s.executeUpdate(q);
        }
    }
}
