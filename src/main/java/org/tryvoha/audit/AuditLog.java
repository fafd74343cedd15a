package org.tryvoha.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.tryvoha.signing.SigningKey;
import org.tryvoha.signing.SigningKeyStore;
import org.tryvoha.store.Sql;
import org.tryvoha.store.StoredText;

/**
 * The append-only, hash-chained audit log (tables audit_log and audit_head, migration V2), its head
 * checkpointed outside the database by {@link AuditCheckpoints}.
 *
 * <p>An append reads the head, computes the entry's hash and writes entry and head in one
 * transaction; on PostgreSQL the head row is locked ({@code FOR UPDATE}), so writer nodes appending
 * at once keep one chain; on SQLite the store's single writer serialises appends. Thread-safe.
 * Blocking (JDBC): call from a worker thread.
 */
public final class AuditLog {
    private static final String COLUMNS =
            "seq, at, actor, actor_id, role, action, target, status, detail, prev_hash, hash";

    /** The action of the entry that sums up a window of {@link AnonymousRefusals}. */
    public static final String REFUSALS_ACTION = "anonymous.refusals";

    private final Sql sql;
    private final Clock clock;
    private final AuditCheckpoints checkpoints;
    private final AnonymousRefusals refusals = new AnonymousRefusals();

    /** A log without checkpoints of its own (tests, tools): truncation at the end goes unnoticed. */
    public AuditLog(Sql sql, Clock clock) {
        this(sql, clock, null);
    }

    /** @param checkpoints where the head is checkpointed and checked against; null for none */
    public AuditLog(Sql sql, Clock clock, AuditCheckpoints checkpoints) {
        this.sql = sql;
        this.clock = clock;
        this.checkpoints = checkpoints;
    }

    /**
     * The result of {@link #verify}: ok, or the first entry that does not fit the chain (or the
     * checkpoints) and why.
     *
     * @param checkpoints how many checkpoints were checked against the chain
     * @param checkpointedSeq the highest seq a checkpoint vouches for, null when there is none
     * @param truncatedAfter when the chain ends before a checkpoint: its last intact seq
     * @param note what the verdict could not check (no checkpoint file, say), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verdict(
            boolean ok,
            long entries,
            @JsonProperty("first_bad_seq") Long firstBadSeq,
            String problem,
            int checkpoints,
            @JsonProperty("checkpointed_seq") Long checkpointedSeq,
            @JsonProperty("truncated_after") Long truncatedAfter,
            String note) {
        public Verdict(boolean ok, long entries, Long firstBadSeq, String problem) {
            this(ok, entries, firstBadSeq, problem, 0, null, null, null);
        }
    }

    /** The tally of anonymous refusals, summed up in the log by {@link #summarizeRefusals}. */
    public AnonymousRefusals refusals() {
        return refusals;
    }

    /** Appends the pending window of anonymous refusals as one entry (blocking); null when none is pending. */
    public AuditEntry summarizeRefusals() {
        Map<String, Object> d = refusals.drain(clock.instant());
        if (d == null) return null;
        return append("anonymous", "", "", REFUSALS_ACTION, "", 401, d);
    }

    /** Appends one entry in its own transaction; {@code detail} is serialised as a JSON object. Returns it with its hash. */
    public AuditEntry append(
            String actor,
            String actorId,
            String role,
            String action,
            String target,
            int status,
            Map<String, Object> detail) {
        AuditEntry e = sql.write(
                "appending to the audit log", appending(actor, actorId, role, action, target, status, detail));
        if (checkpoints != null) checkpoints.noted(e);
        return e;
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
        CompletableFuture<AuditEntry> f = sql.writeSoon(
                "appending to the audit log", appending(actor, actorId, role, action, target, status, detail));
        return checkpoints == null
                ? f
                : f.thenApply(e -> {
                    checkpoints.noted(e);
                    return e;
                });
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

    /**
     * Checks the whole chain, in one read transaction, and the head against the last entry; then
     * that the chain reaches every checkpoint in the checkpoint file and matches it there, and that
     * every checkpoint is signed by one of the signing keys.
     */
    public Verdict verify() {
        if (checkpoints == null)
            return sql.read("verifying the audit log", c -> verify(c, Set.of(), new HashMap<>()))
                    .verdict();
        AuditCheckpoints.Read read = checkpoints.read();
        List<AuditCheckpoints.Checkpoint> cps = read.checkpoints();
        Set<Long> wanted = new HashSet<>();
        cps.forEach(cp -> wanted.add(cp.seq()));
        Map<Long, String> found = new HashMap<>();
        Walk walk = sql.read("verifying the audit log", c -> verify(c, wanted, found));
        Verdict chain = walk.verdict();
        Long top = cps.stream()
                .map(AuditCheckpoints.Checkpoint::seq)
                .max(Long::compare)
                .orElse(null);
        String problem = read.problems().isEmpty() ? null : String.join("; ", read.problems());
        if (problem == null && !cps.isEmpty()) {
            Map<String, PublicKey> keys = new HashMap<>();
            for (SigningKey k : new SigningKeyStore(sql).all()) keys.put(k.keyId(), k.publicKey());
            for (AuditCheckpoints.Checkpoint cp : cps) {
                problem = AuditCheckpoints.check(cp, keys);
                if (problem != null) break;
            }
        }
        String note = read.exists()
                ? null
                : "no checkpoint file at " + checkpoints.file()
                        + ": entries deleted at the end together with the head would go unnoticed";
        if (problem != null) return new Verdict(false, chain.entries(), null, problem, cps.size(), top, null, note);
        if (!walk.whole())
            return new Verdict(
                    false, chain.entries(), chain.firstBadSeq(), chain.problem(), cps.size(), top, null, note);
        long n = chain.entries();
        List<AuditCheckpoints.Checkpoint> bySeq = new ArrayList<>(cps);
        bySeq.sort(Comparator.comparingLong(AuditCheckpoints.Checkpoint::seq));
        for (AuditCheckpoints.Checkpoint cp : bySeq) {
            if (cp.seq() > n)
                return new Verdict(
                        false,
                        n,
                        n + 1,
                        "truncated after seq " + n + ": the checkpoint written " + cp.at() + " vouches for entry "
                                + cp.seq() + ", but the chain ends at " + n + " (entries " + (n + 1) + ".." + cp.seq()
                                + " at least were deleted)",
                        cps.size(),
                        top,
                        n,
                        note);
            if (!cp.hash().equals(found.get(cp.seq())))
                return new Verdict(
                        false,
                        n,
                        cp.seq(),
                        "entry " + cp.seq() + " does not match the checkpoint written " + cp.at()
                                + ": the chain was rewritten at or before it",
                        cps.size(),
                        top,
                        null,
                        note);
        }
        return new Verdict(
                chain.ok(), n, chain.firstBadSeq(), chain.problem(), cps.size(), top, chain.truncatedAfter(), note);
    }

    /** What the walk over the rows found; {@code whole} when every row chained on (any problem is at the end). */
    private record Walk(Verdict verdict, boolean whole) {}

    /**
     * The head is read first; entries another writer appends meanwhile must chain on like any other.
     * An entry beyond the head that does not chain on is reported as inserted. The hashes of the
     * entries whose seq is in {@code wanted} are put in {@code found}.
     */
    private static Walk verify(Connection c, Set<Long> wanted, Map<Long, String> found) throws SQLException {
        Long head = null;
        String headHash = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                head = rs.getLong(1);
                headHash = rs.getString(2);
            }
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
                                        : head != null
                                                        && e.seq() == head
                                                        && !e.hash().equals(headHash)
                                                ? "entry " + e.seq()
                                                        + " does not match the head hash (the chain was rewritten)"
                                                : null;
                if (problem != null) return new Walk(new Verdict(false, expected - 1, expected, problem), false);
                if (wanted.contains(e.seq())) found.put(e.seq(), e.hash());
                prev = e.hash();
                expected++;
            }
        }
        long n = expected - 1;
        if (head == null)
            return new Walk(
                    new Verdict(false, n, expected, "the audit head row is missing (deleted with entries after it?)"),
                    true);
        if (n < head)
            return new Walk(
                    new Verdict(
                            false,
                            n,
                            expected,
                            "truncated after seq " + n + ": entries " + expected + ".." + head
                                    + " are missing (deleted at the end)",
                            0,
                            null,
                            n,
                            null),
                    true);
        return new Walk(new Verdict(true, n, null, null), true);
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

    /** Checkpoints the newest entry and stops the checkpoint writer; call after the store's last write. */
    public void close() {
        if (checkpoints != null) checkpoints.close();
    }
}
