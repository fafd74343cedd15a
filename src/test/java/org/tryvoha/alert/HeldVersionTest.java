package org.tryvoha.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.auth.Scope;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.error.ProblemException;
import org.tryvoha.event.AlertType;
import org.tryvoha.json.Json;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * Changes that do not pass this gate (another node, the expirer) still invalidate a held update, and
 * an update applied on approval goes only to the version of the alert it was checked against.
 */
class HeldVersionTest {
    static final String KHARKIV = "UA63000000000041885";
    static final String SUMY = "UA59000000000057109";
    static final Principal SENDER = new Principal("s1", "sender", Role.OPERATOR, Scope.EVERYTHING);
    static final Principal APPROVER = new Principal("a1", "approver", Role.APPROVER, Scope.EVERYTHING);
    static ZoneTree tree;

    @TempDir
    Path dir;

    AlertStore store;
    AlertService service;
    AlertGate gate;
    AuditLog audit;

    @BeforeAll
    static void zones() {
        tree = ZoneTree.loadDefault(ShelterConfig.defaults());
    }

    @BeforeEach
    void open() {
        store = SqliteAlertStore.open(dir);
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T20:00:00Z"), ZoneOffset.UTC);
        service = new AlertService(store, new LocalEventBus(), clock);
        audit = new AuditLog(store.sql(), clock);
        gate = new AlertGate(
                service, store, tree, new TwoPersonRule(tree, 1, Set.of(AlertType.NUCLEAR)), store.sql(), audit, 600);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    String raiseDrone(String zone) throws Exception {
        return gate.raise(
                        SENDER,
                        json("{\"type\":\"drone\",\"zones\":[\"" + zone + "\"],\"message\":{\"en\":\"Alert\"}}"),
                        null)
                .event()
                .alert()
                .id();
    }

    @Test
    void aChangeThatBypassesTheGateInvalidatesTheHeldUpdateOnItsNextLook() throws Exception {
        String alertId = raiseDrone(KHARKIV);
        Pending h = gate.update(SENDER, alertId, json("{\"type\":\"nuclear\"}"), null)
                .pending();
        assertThat(h.alertSeq()).isEqualTo(store.alert(alertId).orElseThrow().seq());
        assertThat(h.currentZones()).containsExactly(KHARKIV);
        // as another node (or the expirer) would: straight to the service, not through this gate
        service.update(
                alertId,
                AlertRequest.parse(json("{\"zones\":[\"" + SUMY + "\"]}"), false, tree, service.now()),
                "x",
                null);
        assertThat(gate.get(h.id()).state()).isEqualTo(Pending.INVALIDATED);
        assertThatThrownBy(() -> gate.approve(APPROVER, h.id()))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("invalidated")
                .hasMessageContaining("changed after");
        assertThat(store.alert(alertId).orElseThrow().alert().type()).isEqualTo(AlertType.DRONE);
        assertThat(audit.list(0, 100)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("approval.invalidate");
            assertThat(e.target()).isEqualTo(h.id());
        });
    }

    @Test
    void anUpdateAtAnOlderVersionIsNotApplied() throws Exception {
        String alertId = raiseDrone(KHARKIV);
        long seq = store.alert(alertId).orElseThrow().seq();
        service.update(
                alertId,
                AlertRequest.parse(json("{\"zones\":[\"" + SUMY + "\"]}"), false, tree, service.now()),
                "x",
                null);
        assertThatThrownBy(() -> service.updateAt(
                        alertId,
                        seq,
                        AlertRequest.parse(json("{\"type\":\"nuclear\"}"), false, tree, service.now()),
                        "x",
                        null))
                .isInstanceOf(AlertStore.ConcurrentChangeException.class);
        assertThat(store.alert(alertId).orElseThrow().alert().type()).isEqualTo(AlertType.DRONE);
    }

    @Test
    void theExpirerTickInvalidatesToo() throws Exception {
        String alertId = raiseDrone(KHARKIV);
        Pending h = gate.update(SENDER, alertId, json("{\"type\":\"nuclear\"}"), null)
                .pending();
        service.cancel(alertId, "x", null);
        gate.settle();
        Pending now = gate.list("invalidated", 10).get(0);
        assertThat(now.id()).isEqualTo(h.id());
        assertThat(now.note()).contains("ended");
    }
}
