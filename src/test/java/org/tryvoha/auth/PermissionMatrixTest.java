package org.tryvoha.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.auth.Ops.KHARKIV_OBLAST;
import static org.tryvoha.auth.Ops.KHARKIV_RAION;
import static org.tryvoha.auth.Ops.POLTAVA_OBLAST;
import static org.tryvoha.auth.Ops.alert;
import static org.tryvoha.auth.Ops.raiseAsAdmin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;

/**
 * Every role × every operator action × inside and outside the operator's scope, over real HTTP,
 * through every door of an alert change (REST, CAP import, the track feed and its confirmation).
 * Each operator is scoped to Kharkiv oblast; "in" targets a raion inside it (a track: one flying at
 * Kharkiv), "out" Poltava oblast. The {@code tvk_} key of {@code tryvoha keys} (admin, everything)
 * passes every door alike.
 */
class PermissionMatrixTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static final Map<Role, String> KEYS = new EnumMap<>(Role.class);

    enum Action {
        RAISE,
        UPDATE,
        CANCEL,
        APPROVE,
        APPROVE_UPDATE,
        REJECT,
        CAP_RAISE,
        CAP_CANCEL,
        TRACK_CONFIRM,
        TRACK_POST,
        READ_TRACKS,
        LIST_APPROVALS,
        MANAGE_OPERATORS,
        READ_AUDIT,
        LIST_WEBHOOKS,
        CREATE_WEBHOOK,
        CREATE_OPERATOR
    }

    /** Actions whose answer depends on the scope (a track report does not: what it may raise does, see GateDoorsTest). */
    static final Set<Action> SCOPED = EnumSet.of(
            Action.RAISE,
            Action.UPDATE,
            Action.CANCEL,
            Action.APPROVE,
            Action.APPROVE_UPDATE,
            Action.REJECT,
            Action.CAP_RAISE,
            Action.CAP_CANCEL,
            Action.TRACK_CONFIRM,
            Action.CREATE_WEBHOOK);

    @BeforeAll
    static void start() throws Exception {
        server = Ops.server(
                dir,
                Map.of(
                        "TRYVOHA_TRACK_MODE", "confirm", // tracks propose, operators confirm
                        "TRYVOHA_OUTBOUND_ALLOW_PRIVATE", "true")); // webhooks registered to a loopback receiver
        for (Role r : Role.values())
            KEYS.put(r, Ops.create(server, "kharkiv-" + r.wire(), r.wire(), "[\"" + KHARKIV_OBLAST + "\"]", "\"*\""));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Role r : Role.values())
            for (Action a : Action.values())
                for (boolean in : new boolean[] {true, false}) out.add(Arguments.of(r, a, in));
        return out.stream();
    }

    /** What the rules say: the minimum role of each action, and whether it depends on the scope. */
    static int expected(Role role, Action a, boolean in) {
        Role min = switch (a) {
            case RAISE,
                    UPDATE,
                    CANCEL,
                    LIST_WEBHOOKS,
                    CREATE_WEBHOOK,
                    CAP_RAISE,
                    CAP_CANCEL,
                    TRACK_CONFIRM,
                    TRACK_POST -> Role.OPERATOR;
            case APPROVE, APPROVE_UPDATE, REJECT -> Role.APPROVER;
            case LIST_APPROVALS, READ_TRACKS -> Role.VIEWER;
            case MANAGE_OPERATORS, READ_AUDIT, CREATE_OPERATOR -> Role.ADMIN;
        };
        if (!role.atLeast(min) || (SCOPED.contains(a) && !in)) return 403;
        return a == Action.RAISE || a == Action.CAP_RAISE || a == Action.CREATE_WEBHOOK || a == Action.CREATE_OPERATOR
                ? 201
                : 200;
    }

    /** Sends {@code action} with {@code key}; what it acts on was made with the server's tvk_ admin key. */
    static Answer act(Action action, boolean in, String key) throws Exception {
        String zone = in ? KHARKIV_RAION : POLTAVA_OBLAST;
        double[] city = in ? Ops.KHARKIV_CITY : Ops.POLTAVA_CITY;
        String id = UUID.randomUUID().toString();
        return switch (action) {
            case RAISE -> server.send("POST", "/api/v1/alerts", alert("air_raid", zone), key);
            case UPDATE ->
                server.send(
                        "PATCH",
                        "/api/v1/alerts/" + raiseAsAdmin(server, alert("drone", zone), 201),
                        "{\"message\":{\"en\":\"Updated\"}}",
                        key);
            case CANCEL ->
                server.send(
                        "POST",
                        "/api/v1/alerts/" + raiseAsAdmin(server, alert("drone", zone), 201) + "/cancel",
                        null,
                        key);
            case APPROVE ->
                server.send(
                        "POST",
                        "/api/v1/approvals/" + raiseAsAdmin(server, alert("nuclear", zone), 202) + "/approve",
                        null,
                        key);
            case APPROVE_UPDATE -> {
                // a held update (the type becomes nuclear) of an alert already out
                String alertId = raiseAsAdmin(server, alert("drone", zone), 201);
                Answer held =
                        server.send("PATCH", "/api/v1/alerts/" + alertId, "{\"type\":\"nuclear\"}", server.adminKey);
                assertThat(held.status()).as(held.raw().body()).isEqualTo(202);
                yield server.send(
                        "POST",
                        "/api/v1/approvals/"
                                + held.json().path("pending").path("id").asText() + "/approve",
                        null,
                        key);
            }
            case REJECT ->
                server.send(
                        "POST",
                        "/api/v1/approvals/" + raiseAsAdmin(server, alert("chemical", zone), 202) + "/reject",
                        "{\"reason\":\"test\"}",
                        key);
            case CAP_RAISE -> Ops.postCap(server, Ops.cap(id, "Alert", null, zone), key);
            case CAP_CANCEL -> {
                Answer raised = Ops.postCap(server, Ops.cap(id, "Alert", null, zone), server.adminKey);
                assertThat(raised.status()).as(raised.raw().body()).isEqualTo(201);
                yield Ops.postCap(
                        server, Ops.cap(id + "-c", "Cancel", "test@tryvoha," + id + "," + Ops.capSent(), zone), key);
            }
            case TRACK_POST -> server.send("POST", "/api/v1/tracks", Ops.tracks(id, city), key);
            case TRACK_CONFIRM -> {
                Answer posted = server.send("POST", "/api/v1/tracks", Ops.tracks(id, city), server.adminKey);
                assertThat(posted.status()).as(posted.raw().body()).isEqualTo(200);
                yield server.send("POST", "/api/v1/tracks/" + id + "/confirm", null, key);
            }
            case READ_TRACKS -> server.send("GET", "/api/v1/tracks", null, key);
            case LIST_APPROVALS -> server.send("GET", "/api/v1/approvals", null, key);
            case MANAGE_OPERATORS -> server.send("GET", "/api/v1/operators", null, key);
            case READ_AUDIT -> server.send("GET", "/api/v1/audit", null, key);
            case LIST_WEBHOOKS ->
                server.send("GET", "/api/v1/webhooks", null, key); // registrations hold URLs and secrets
            case CREATE_WEBHOOK ->
                // registering never connects: the port only has to be one the policy allows here (loopback)
                server.send(
                        "POST",
                        "/api/v1/webhooks",
                        "{\"url\":\"http://127.0.0.1:9/hook-" + id + "\",\"zones\":[\"" + zone + "\"]}",
                        key);
            case CREATE_OPERATOR ->
                server.send(
                        "POST",
                        "/api/v1/operators",
                        "{\"name\":\"m-" + id.substring(0, 8)
                                + "\",\"role\":\"viewer\",\"zones\":\"*\",\"types\":\"*\"}",
                        key);
        };
    }

    /** The tvk_ key is an admin for the whole country at every door: the same answers as an admin account in scope. */
    @ParameterizedTest(name = "tvk_ key {0} in Kharkiv: {1}")
    @MethodSource("everyAction")
    void theTvkKeyPassesEveryDoorLikeAnAdminAccount(Action action, boolean in) throws Exception {
        Answer a = act(action, in, server.adminKey);
        if (action == Action.APPROVE
                || action == Action.APPROVE_UPDATE) { // the held alert was sent with this very key: the two-person rule
            // needs someone
            // else
            assertThat(a.status()).isEqualTo(403);
            assertThat(a.json().path("detail").asText()).contains("yourself");
            return;
        }
        assertThat(a.status())
                .as(action + " in=" + in + ": " + a.raw().body())
                .isEqualTo(expected(Role.ADMIN, action, true));
    }

    static Stream<Arguments> everyAction() {
        List<Arguments> out = new ArrayList<>();
        for (Action a : Action.values()) for (boolean in : new boolean[] {true, false}) out.add(Arguments.of(a, in));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} in scope: {2}")
    @MethodSource("matrix")
    void roleActionScope(Role role, Action action, boolean in) throws Exception {
        Answer a = act(action, in, KEYS.get(role));
        int want = expected(role, action, in);
        assertThat(a.status())
                .as(role + " " + action + " in=" + in + ": " + a.raw().body())
                .isEqualTo(want);
        if (want == 403) {
            assertThat(a.json().path("code").asText()).isEqualTo("forbidden");
            boolean roleOk = expected(role, action, true) != 403;
            // the refusal names what is missing: the role, or the zones outside the scope
            if (roleOk && action == Action.TRACK_CONFIRM)
                assertThat(a.json().path("detail").asText()).contains("outside its scope");
            else if (roleOk)
                assertThat(a.json().path("detail").asText())
                        .contains(POLTAVA_OBLAST)
                        .contains("Poltava");
            else assertThat(a.json().path("detail").asText()).contains("has role " + role.wire());
        }
    }

    @Test
    void typeScopeRefusesOtherTypesNamingThem() throws Exception {
        String key = Ops.create(server, "drones-only", "operator", "\"*\"", "[\"drone\"]");
        Answer a = server.send("POST", "/api/v1/alerts", alert("air_raid", KHARKIV_RAION), key);
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().path("detail").asText()).contains("types air_raid");
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), key)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void scopeZoneCoversItsDescendantsButNotTheCountry() throws Exception {
        String key = KEYS.get(Role.OPERATOR);
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", "UA63120270000028556"), key)
                        .status())
                .isEqualTo(201); // a hromada
        Answer country = server.send("POST", "/api/v1/alerts", alert("drone", "UA"), key);
        assertThat(country.status()).isEqualTo(403);
        assertThat(country.json().path("detail").asText()).contains("UA (");
    }

    @Test
    void missingWrongAndRevokedKeysAre401() throws Exception {
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), null)
                        .status())
                .isEqualTo(401);
        String forged = "tvo_0123456789ab_" + "A".repeat(43);
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), forged)
                        .status())
                .isEqualTo(401);
        String key = Ops.create(server, "soon-revoked", "operator", "\"*\"", "\"*\"");
        String tampered = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), tampered)
                        .status())
                .isEqualTo(401);
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), key)
                        .status())
                .isEqualTo(201);
        assertThat(server.send("POST", "/api/v1/operators/soon-revoked/revoke", null, server.adminKey)
                        .status())
                .isEqualTo(200);
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), key)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void changingTheScopeTakesEffectAtOnce() throws Exception {
        String key = Ops.create(server, "moved", "operator", "[\"" + KHARKIV_OBLAST + "\"]", "\"*\"");
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", POLTAVA_OBLAST), key)
                        .status())
                .isEqualTo(403);
        Answer c = server.send(
                "PATCH", "/api/v1/operators/moved", "{\"zones\":[\"" + POLTAVA_OBLAST + "\"]}", server.adminKey);
        assertThat(c.status()).as(c.raw().body()).isEqualTo(200);
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", POLTAVA_OBLAST), key)
                        .status())
                .isEqualTo(201);
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), key)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void whoamiShowsRoleAndScopeAndTheKeyIsNeverListed() throws Exception {
        Answer w = server.send("GET", "/api/v1/whoami", null, KEYS.get(Role.APPROVER));
        assertThat(w.json().path("role").asText()).isEqualTo("approver");
        assertThat(w.json().path("zones").get(0).asText()).isEqualTo(KHARKIV_OBLAST);
        Answer list = server.send("GET", "/api/v1/operators", null, server.adminKey);
        assertThat(list.raw().body()).doesNotContain(KEYS.get(Role.APPROVER)).doesNotContain("pbkdf2");
        assertThat(server.send("GET", "/api/v1/whoami", null, server.adminKey)
                        .json()
                        .path("role")
                        .asText())
                .isEqualTo("admin");
    }
}
