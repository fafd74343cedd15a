package org.tryvoha.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.tryvoha.store.Sql;
import org.tryvoha.store.StoredText;

/**
 * The append-only, hash-chained audit log (tables audit_log and audit_head, migration V2).
 *
 * <p>An append reads the head, computes the entry's hash and writes entry and head in one
 * transaction; on PostgreSQL the head row is locked ({@code FOR UPDATE}), so writer nodes appending
 * at once keep one chain; on SQLite the store's single writer serialises appends. Thread-safe.
 * Blocking (JDBC): call from a worker thread.
 */
public final class AuditLog {
    private static final String COLUMNS =
            "seq, at, actor, actor_id, role, action, target, status, detail, prev_hash, hash";

    private final Sql sql;
    private final Clock clock;

    public AuditLog(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** The result of {@link #verify}: ok, or the first entry that does not fit the chain and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verdict(
            boolean ok,
            long entries,
            @JsonProperty("first_bad_seq") Long firstBadSeq,
            String problem) {}

    /** Appends one entry in its own transaction; {@code detail} is serialised as a JSON object. Returns it with its hash. */
    public AuditEntry append(
            String actor,
            String actorId,
            String role,
            String action,
            String target,
            int status,
            Map<String, Object> detail) {
        return sql.write("appending to the audit log", appending(actor, actorId, role, action, target, status, detail));
    }

    /**
     * Appends one entry by group commit ({@link Sql#writeSoon}): on SQLite it rides in the store's next
     * write transaction (an alert's commit, say) or is written within 50 ms, so it costs no fsync of its
     * own. The future completes with the entry once it is durable; until then it is in no one's view
     * (list, verify). The chain is the same as with {@link #append}: the head is read and written in the
     * carrying transaction.
     */
    public CompletableFuture<AuditEntry> appendSoon(
            String actor,
            String actorId,
            String role,
            String action,
            String target,
            int status,
            Map<String, Object> detail) {
        return sql.writeSoon(
                "appending to the audit log", appending(actor, actorId, role, action, target, status, detail));
    }

    private Sql.Work<AuditEntry> appending(
            String actor,
            String actorId,
            String role,
            String action,
            String target,
            int status,
            Map<String, Object> detail) {
        Instant at = clock.instant();
        String d = StoredText.json(detail);
        String lock = sql.dialect() == Sql.Dialect.POSTGRES ? " FOR UPDATE" : "";
        return c -> {
            long seq;
            String prev;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head" + lock);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
            AuditEntry unhashed = new AuditEntry(seq, at, actor, actorId, role, action, target, status, d, prev, null);
            AuditEntry e = new AuditEntry(
                    seq, at, actor, actorId, role, action, target, status, d, prev, AuditChain.hash(prev, unhashed));
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, seq);
                ps.setString(2, StoredText.time(at));
                ps.setString(3, actor);
                ps.setString(4, actorId);
                ps.setString(5, role);
                ps.setString(6, action);
                ps.setString(7, target);
                ps.setInt(8, status);
                ps.setString(9, d);
                ps.setString(10, prev);
                ps.setString(11, e.hash());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ?")) {
                ps.setLong(1, seq);
                ps.setString(2, e.hash());
                ps.executeUpdate();
            }
            return e;
        };
    }

    /** Entries after {@code afterSeq}, oldest first. */
    public List<AuditEntry> list(long afterSeq, int limit) {
        return sql.read("reading the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT " + limit)) {
                ps.setLong(1, afterSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    List<AuditEntry> out = new ArrayList<>();
                    while (rs.next()) out.add(row(rs));
                    return out;
                }
            }
        });
    }

    /** Checks the whole chain, in one read transaction, and the head against the last entry. */
    public Verdict verify() {
        return sql.read("verifying the audit log", AuditLog::verify);
    }

    /**
     * The head is read first; entries another writer appends meanwhile must chain on like any other.
     * An entry beyond the head that does not chain on is reported as inserted.
     */
    private static Verdict verify(Connection c) throws SQLException {
        long head;
        String headHash;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            head = rs.getLong(1);
            headHash = rs.getString(2);
        }
        long expected = 1;
        String prev = AuditChain.GENESIS;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                AuditEntry e = row(rs);
                String problem = e.seq() != expected
                        ? "entry " + expected + " is missing (deleted); the next entry is " + e.seq()
                        : !e.prevHash().equals(prev)
                                ? "entry " + e.seq() + " does not follow entry " + (e.seq() - 1)
                                        + " (prev_hash differs; inserted or changed)"
                                : !AuditChain.hash(prev, e).equals(e.hash())
                                        ? "entry " + e.seq() + " was changed (its hash does not match its content)"
                                        : e.seq() == head && !e.hash().equals(headHash)
                                                ? "entry " + e.seq()
                                                        + " does not match the head hash (the chain was rewritten)"
                                                : null;
                if (problem != null) return new Verdict(false, expected - 1, expected, problem);
                prev = e.hash();
                expected++;
            }
        }
        if (expected - 1 < head)
            return new Verdict(
                    false,
                    expected - 1,
                    expected,
                    "entries " + expected + ".." + head + " are missing (deleted at the end)");
        return new Verdict(true, expected - 1, null, null);
    }

    private static AuditEntry row(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getLong(1),
                StoredText.parseTime(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11));
    }
}
