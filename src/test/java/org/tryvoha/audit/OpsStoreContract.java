package org.tryvoha.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tryvoha.StepClock;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.alert.AlertService;
import org.tryvoha.alert.Pending;
import org.tryvoha.alert.TwoPersonRule;
import org.tryvoha.auth.Keys;
import org.tryvoha.auth.OperatorKey;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.auth.Scope;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.error.ProblemException;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertType;
import org.tryvoha.json.Json;
import org.tryvoha.store.AlertStore;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * The tables of migration V2 on a real store: held alerts (durable, timing out) and the audit
 * chain (tampering found, concurrent writers keep one chain). Run against SQLite and PostgreSQL.
 */
abstract class OpsStoreContract {
    static ZoneTree tree;
    static final Principal SENDER = new Principal("s1", "sender", Role.OPERATOR, Scope.EVERYTHING);
    static final Principal APPROVER = new Principal("a1", "approver", Role.APPROVER, Scope.EVERYTHING);

    /** A fresh store; a second call before {@link #reset} opens the same database again (another node, or a restart). */
    abstract AlertStore open();

    abstract void reset();

    /** A plain JDBC connection to the same database, to tamper with it as an intruder would. */
    abstract Connection direct() throws SQLException;

    AlertStore store;
    StepClock clock;
    AuditLog audit;

    @BeforeAll
    static void zones() {
        if (tree == null) tree = ZoneTree.loadDefault(ShelterConfig.defaults());
    }

    @BeforeEach
    void openStore() {
        store = open();
        clock = new StepClock(Instant.parse("2026-11-23T20:00:00Z"));
        audit = new AuditLog(store.sql(), clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
        reset();
    }

    AlertGate gate(AlertStore s, long timeoutSeconds) {
        return new AlertGate(
                new AlertService(s, new LocalEventBus(), clock),
                s,
                tree,
                new TwoPersonRule(tree, 1, Set.of(AlertType.NUCLEAR)),
                s.sql(),
                new AuditLog(s.sql(), clock),
                timeoutSeconds);
    }

    static JsonNode body(String type, String... zones) throws Exception {
        return Json.MAPPER.readTree("{\"type\":\"" + type + "\",\"zones\":[\"" + String.join("\",\"", zones)
                + "\"],\"message\":{\"en\":\"Alert\"}}");
    }

    @Test
    void operatorKeysAreCreatedFoundAndRevokedOnce() {
        Keys keys = new Keys(store.sql());
        Keys.Created olena = keys.create("olena");
        Keys.Created taras = keys.create("taras");
        assertThat(keys.authenticate(olena.secret())).contains(olena.key());
        assertThat(keys.authenticate("tvk_" + "A".repeat(43))).isEmpty();
        assertThat(keys.list()).containsExactly(olena.key(), taras.key());
        assertThatThrownBy(() -> keys.create("olena")).hasMessageContaining("exists already");

        Instant at = Instant.parse("2026-11-23T20:00:00Z");
        assertThat(keys.revoke(olena.key().id(), at)).isTrue();
        assertThat(keys.revoke(olena.key().id(), at.plusSeconds(1))).isFalse();
        assertThat(keys.revoke("olena", at.plusSeconds(2))).isFalse();
        assertThat(keys.authenticate(olena.secret())).isEmpty();
        assertThat(keys.revoke("taras", at)).isTrue();
        assertThat(keys.revoke("nobody", at)).isFalse();
        assertThat(keys.list()).noneMatch(OperatorKey::valid);
        store.close();
        store = open(); // durable: the same keys after reopening
        assertThat(new Keys(store.sql()).list()).extracting(OperatorKey::name).containsExactly("olena", "taras");
    }

    /** Keys the store wrote into operator_keys before they moved to the auth package still authenticate: same table, same columns. */
    @Test
    void keysWrittenByEarlierVersionsStillWork() throws Exception {
        String secret = "tvk_" + "k".repeat(43);
        try (Connection c = direct();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "INSERT INTO operator_keys (id, name, hash, created_at, revoked_at) VALUES ('0123456789ab', 'old-admin', '"
                            + Keys.hash(secret) + "', '2026-01-01T00:00:00Z', NULL)");
        }
        Keys keys = new Keys(store.sql());
        assertThat(keys.authenticate(secret))
                .hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("old-admin"));
        assertThat(keys.ensureAdmin()).isEmpty();
    }

    @Test
    void migrationV2CreatedItsTables() throws Exception {
        try (Connection c = direct();
                Statement s = c.createStatement()) {
            for (String t : List.of("operators", "pending_alerts", "audit_log", "audit_head")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    assertThat(rs.next()).isTrue();
                }
            }
            try (ResultSet rs =
                    s.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
                List<String> versions = new ArrayList<>();
                while (rs.next()) versions.add(rs.getString(1));
                assertThat(versions).contains("1", "2");
            }
        }
    }

    @Test
    void aHeldAlertSurvivesARestartAndIsApprovedThere() throws Exception {
        Pending h = gate(store, 600)
                .raise(SENDER, body("air_raid", "UA63000000000041885", "UA53000000000028050"), null)
                .pending();
        assertThat(h).isNotNull();
        store.close();
        store = open();
        AlertGate again = gate(store, 600);
        assertThat(again.list("pending", 10)).extracting(Pending::id).containsExactly(h.id());
        assertThat(again.approve(APPROVER, h.id()).alert().id()).isEqualTo(h.alertId());
        assertThat(store.alert(h.alertId())).isPresent();
    }

    @Test
    void aHeldAlertTimesOutAndCannotBeApprovedAfterwards() throws Exception {
        AlertGate g = gate(store, 300);
        Pending h =
                g.raise(SENDER, body("nuclear", "UA63120000000091135"), null).pending();
        clock.advance(Duration.ofSeconds(299));
        assertThat(g.get(h.id()).state()).isEqualTo("pending");
        clock.advance(Duration.ofSeconds(2));
        assertThat(g.list(null, 10))
                .singleElement()
                .satisfies(p -> assertThat(p.state()).isEqualTo("expired"));
        assertThatThrownBy(() -> g.approve(APPROVER, h.id()))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("timed out");
        assertThat(store.alert(h.alertId())).isEmpty();
        assertThat(audit.list(0, 10)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("approval.expire");
            assertThat(e.target()).isEqualTo(h.id());
        });
    }

    void appendFive() {
        for (int i = 1; i <= 5; i++)
            audit.append(
                    "op" + i, "id" + i, "operator", "alert.raise", "alert-" + i, i == 3 ? 403 : 201, Map.of("n", i));
    }

    void sql(String statement) throws SQLException {
        try (Connection c = direct();
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void anIntactChainVerifies() {
        appendFive();
        assertThat(audit.verify()).isEqualTo(new AuditLog.Verdict(true, 5, null, null));
        assertThat(audit.list(2, 2)).extracting(AuditEntry::seq).containsExactly(3L, 4L);
    }

    @Test
    void aChangedEntryIsNamed() throws Exception {
        appendFive();
        sql("UPDATE audit_log SET status = 201 WHERE seq = 3");
        AuditLog.Verdict v = audit.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(3);
        assertThat(v.problem()).contains("entry 3 was changed");
    }

    @Test
    void aDeletedEntryIsNamed() throws Exception {
        appendFive();
        sql("DELETE FROM audit_log WHERE seq = 2");
        assertThat(audit.verify()).satisfies(v -> {
            assertThat(v.firstBadSeq()).isEqualTo(2);
            assertThat(v.problem()).contains("entry 2 is missing");
        });
    }

    @Test
    void aDeletedLastEntryIsNamed() throws Exception {
        appendFive();
        sql("DELETE FROM audit_log WHERE seq = 5");
        assertThat(audit.verify()).satisfies(v -> {
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBadSeq()).isEqualTo(5);
        });
    }

    @Test
    void anInsertedOrReplacedEntryIsNamed() throws Exception {
        appendFive();
        // replace entry 4 by a forged one that copies the real hashes
        sql("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 4");
        assertThat(audit.verify().firstBadSeq()).isEqualTo(4);
        sql("UPDATE audit_log SET actor = 'op4' WHERE seq = 4");
        assertThat(audit.verify().ok()).isTrue();
        // an entry slipped in after the last one, not chained on
        sql(
                "INSERT INTO audit_log (seq, at, actor, actor_id, role, action, target, status, detail, prev_hash, hash) VALUES "
                        + "(6, '2026-11-23T20:00:00.000000000Z', 'ghost', '', 'admin', 'alert.cancel', 'x', 200, '{}', '"
                        + "a".repeat(64) + "', '" + "b".repeat(64) + "')");
        assertThat(audit.verify()).satisfies(v -> {
            assertThat(v.firstBadSeq()).isEqualTo(6);
            assertThat(v.problem()).contains("entry 6 does not follow");
        });
    }

    @Test
    void writersAppendingAtOnceKeepOneChain() throws Exception {
        AlertStore second = open(); // another node on the same database (PostgreSQL) or another handle (SQLite)
        try {
            List<AuditLog> writers =
                    List.of(audit, new AuditLog(second.sql(), clock), audit, new AuditLog(second.sql(), clock));
            ExecutorService pool = Executors.newFixedThreadPool(writers.size());
            List<Future<?>> done = new ArrayList<>();
            for (AuditLog w : writers)
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++)
                        w.append("op", "id", "operator", "alert.raise", "t", 201, Map.of("i", i));
                }));
            for (Future<?> f : done) f.get();
            pool.shutdown();
            assertThat(audit.verify()).isEqualTo(new AuditLog.Verdict(true, 100, null, null));
        } finally {
            second.close();
        }
    }

    @Test
    void groupCommittedEntriesAndDirectAppendsAndAlertsKeepOneChain() throws Exception {
        AlertGate gate = gate(store, 900);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<CompletableFuture<AuditEntry>> soon = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> done = new ArrayList<>();
        done.add(pool.submit(() -> {
            for (int i = 0; i < 40; i++)
                soon.add(audit.appendSoon("op", "id", "operator", "alert.raise", "t", 201, Map.of("i", i)));
        }));
        done.add(pool.submit(() -> {
            for (int i = 0; i < 20; i++) audit.append("op", "id", "operator", "alert.cancel", "t", 200, Map.of("i", i));
        }));
        done.add(pool.submit(() -> {
            for (int i = 0; i < 10; i++)
                gate.raise(
                        SENDER, body("drone", "UA63120000000091135"), null); // the alerts' commits carry queued entries
            return null;
        }));
        for (Future<?> f : done) f.get();
        pool.shutdown();
        for (var f : soon) assertThat(f.get(10, TimeUnit.SECONDS).hash()).hasSize(64);
        // the gate writes one entry per raise, group-committed too: 40 + 20 + 10
        for (long deadline = System.nanoTime() + 10_000_000_000L;
                audit.list(0, 1000).size() < 70 && System.nanoTime() < deadline; ) Thread.sleep(10);
        assertThat(audit.verify()).isEqualTo(new AuditLog.Verdict(true, 70, null, null));
        assertThat(audit.list(0, 1000))
                .extracting(AuditEntry::seq)
                .doesNotHaveDuplicates()
                .hasSize(70);
        assertThat(audit.list(0, 1000))
                .filteredOn(e -> e.actor().equals(SENDER.name()))
                .hasSize(10)
                .allSatisfy(e -> assertThat(e.action()).isEqualTo("alert.raise"));
    }

    @Test
    void aGroupCommittedEntryIsListedOnceDurableAndTamperingIsNamed() throws Exception {
        appendFive();
        AuditEntry sixth = audit.appendSoon("op6", "id6", "operator", "alert.raise", "alert-6", 201, Map.of("n", 6))
                .get(10, TimeUnit.SECONDS);
        assertThat(sixth.seq()).isEqualTo(6);
        assertThat(audit.list(5, 10)).containsExactly(sixth);
        sql("UPDATE audit_log SET target = 'alert-x' WHERE seq = 6");
        AuditLog.Verdict v = audit.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(6);
    }

    @Test
    void theCommittedHookRunsAfterTheDurableCommitAndBeforeThePublication() throws Exception {
        LocalEventBus bus = new LocalEventBus();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe(e -> seen.add("published " + e.seq()));
        AlertGate g = new AlertGate(
                new AlertService(store, bus, clock),
                store,
                tree,
                new TwoPersonRule(tree, 1, Set.of(AlertType.NUCLEAR)),
                store.sql(),
                audit,
                900);
        Consumer<AlertEvent> hook = e -> seen.add("committed " + e.seq() + " stored " + store.lastSeq() + " "
                + e.kind().name().toLowerCase());
        String id = g.raise(SENDER, body("drone", "UA63120000000091135"), hook)
                .event()
                .alert()
                .id();
        g.update(SENDER, id, Json.MAPPER.readTree("{\"message\":{\"en\":\"Still\"}}"), hook);
        g.cancel(SENDER, id, hook);
        AlertGate.Outcome held = g.raise(SENDER, body("nuclear", "UA63120000000091135"), hook);
        assertThat(held.pending()).isNotNull();
        assertThat(seen)
                .containsExactly(
                        "committed 1 stored 1 issued",
                        "published 1",
                        "committed 2 stored 2 updated",
                        "published 2",
                        "committed 3 stored 3 cancelled",
                        "published 3");
    }

    @Test
    void concurrentChangesArePublishedOnceInSequenceOrderBeforeTheyReturn() throws Exception {
        LocalEventBus bus = new LocalEventBus();
        List<Long> published = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe(e -> published.add(e.seq()));
        AlertService service = new AlertService(store, bus, clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++)
            done.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    var e = service.raise(
                            AlertRequest.parse(body("drone", "UA63120000000091135"), true, tree, clock.instant()),
                            "op",
                            UUID.randomUUID().toString(),
                            null);
                    synchronized (published) { // other threads keep adding: read under the list's lock
                        assertThat(published).contains(e.seq()); // its own event is out before the call returns
                    }
                    service.cancel(e.alert().id(), "op", null);
                }
                return null;
            }));
        for (Future<?> f : done) f.get();
        pool.shutdown();
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= 200; s++) expected.add(s);
        assertThat(published).containsExactlyElementsOf(expected);
    }
}
