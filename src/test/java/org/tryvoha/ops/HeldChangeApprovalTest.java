package org.tryvoha.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.auth.Ops.KHARKIV_OBLAST;
import static org.tryvoha.auth.Ops.SUMY_OBLAST;
import static org.tryvoha.auth.Ops.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.auth.Ops;

/**
 * An approval approves what will actually go out: a held update is bound to the version of the alert
 * it was made against, a later change of the alert invalidates it, the approver's scope must cover
 * both the alert as it is and what approval would make of it, and revoking the sender withdraws it.
 */
class HeldChangeApprovalTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static String sender, kharkivApprover, approver;

    @BeforeAll
    static void start() throws Exception {
        server = Ops.server(dir, Map.of());
        sender = Ops.create(server, "sender", "operator", "\"*\"", "\"*\"");
        kharkivApprover = Ops.create(server, "kharkiv-approver", "approver", "[\"" + KHARKIV_OBLAST + "\"]", "\"*\"");
        approver = Ops.create(server, "approver", "approver", "\"*\"", "\"*\"");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String raise(String key, String body) throws Exception {
        Answer a = server.send("POST", "/api/v1/alerts", body, key);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        return a.json().path("alert").path("id").asText();
    }

    static String hold(String key, String alertId, String body) throws Exception {
        Answer a = server.send("PATCH", "/api/v1/alerts/" + alertId, body, key);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(202);
        return a.json().path("pending").path("id").asText();
    }

    static JsonNode held(String id) throws Exception {
        return server.send("GET", "/api/v1/approvals/" + id, null, approver)
                .json()
                .path("pending");
    }

    static JsonNode alertNow(String id) throws Exception {
        return server.get("/api/v1/alerts/" + id).json();
    }

    static Answer approve(String id, String key) throws Exception {
        return server.send("POST", "/api/v1/approvals/" + id + "/approve", null, key);
    }

    @Test
    void movingTheAlertAfterAHeldTypeChangeInvalidatesIt() throws Exception {
        String alertId = raise(sender, alert("drone", KHARKIV_OBLAST));
        String id = hold(sender, alertId, "{\"type\":\"nuclear\"}");
        assertThat(held(id).path("zones").toString()).contains(KHARKIV_OBLAST);
        // a plain one-oblast move, not held
        Answer move =
                server.send("PATCH", "/api/v1/alerts/" + alertId, "{\"zones\":[\"" + SUMY_OBLAST + "\"]}", sender);
        assertThat(move.status()).as(move.raw().body()).isEqualTo(200);

        JsonNode h = held(id);
        assertThat(h.path("state").asText()).isEqualTo("invalidated");
        assertThat(h.path("note").asText()).contains("changed after");

        Answer ok = approve(id, kharkivApprover);
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(409);
        assertThat(ok.json().path("detail").asText()).contains("invalidated");
        assertThat(approve(id, approver).status()).isEqualTo(409);
        JsonNode a = alertNow(alertId);
        assertThat(a.path("type").asText()).isEqualTo("drone");
        assertThat(a.path("zones").toString()).contains(SUMY_OBLAST);

        // audit entries of changes are group-committed: wait a moment for this one
        long deadline = System.nanoTime() + 5_000_000_000L;
        String audit;
        do {
            audit = server.send("GET", "/api/v1/audit?limit=1000", null, server.adminKey)
                    .json()
                    .path("entries")
                    .toString();
            if (audit.contains("approval.invalidate") && audit.contains(id)) break;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(audit).contains("approval.invalidate").contains(id);
    }

    @Test
    void anyLaterChangeInvalidatesEvenAMessageOrACancel() throws Exception {
        String alertId = raise(sender, alert("drone", KHARKIV_OBLAST));
        String first = hold(sender, alertId, "{\"type\":\"nuclear\"}");
        String second = hold(sender, alertId, "{\"type\":\"chemical\"}");
        assertThat(server.send("PATCH", "/api/v1/alerts/" + alertId, "{\"message\":{\"en\":\"Stay in\"}}", sender)
                        .status())
                .isEqualTo(200);
        assertThat(approve(first, approver).status()).isEqualTo(409);
        String third = hold(sender, alertId, "{\"type\":\"nuclear\"}");
        // approving one held change moves the alert on: the other held changes of it are void
        assertThat(approve(third, approver).status()).isEqualTo(200);
        assertThat(held(second).path("state").asText()).isEqualTo("invalidated");
        String fourth = hold(sender, alertId, "{\"zones\":[\"" + KHARKIV_OBLAST + "\",\"" + SUMY_OBLAST + "\"]}");
        assertThat(server.send("POST", "/api/v1/alerts/" + alertId + "/cancel", null, sender)
                        .status())
                .isEqualTo(200);
        assertThat(held(fourth).path("state").asText()).isEqualTo("invalidated");
        assertThat(approve(fourth, approver).status()).isEqualTo(409);
    }

    @Test
    void theApproversScopeMustCoverTheAlertAsItIsNotOnlyTheResult() throws Exception {
        String alertId = raise(sender, alert("drone", SUMY_OBLAST));
        // moves a Sumy alert to Kharkiv and makes it nuclear: the result lies in Kharkiv
        String id = hold(sender, alertId, "{\"type\":\"nuclear\",\"zones\":[\"" + KHARKIV_OBLAST + "\"]}");
        JsonNode h = held(id);
        assertThat(h.path("type").asText()).isEqualTo("nuclear");
        assertThat(h.path("zones").toString()).contains(KHARKIV_OBLAST);
        assertThat(h.path("current_zones").toString()).contains(SUMY_OBLAST);
        Answer refused = approve(id, kharkivApprover);
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(403);
        assertThat(held(id).path("state").asText()).isEqualTo("pending");
        assertThat(alertNow(alertId).path("type").asText()).isEqualTo("drone");
        Answer ok = approve(id, approver);
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
        JsonNode a = alertNow(alertId);
        assertThat(a.path("type").asText()).isEqualTo("nuclear");
        assertThat(a.path("zones").toString()).contains(KHARKIV_OBLAST).doesNotContain(SUMY_OBLAST);
        server.send("POST", "/api/v1/alerts/" + alertId + "/cancel", null, sender);
    }

    @Test
    void revokingTheSenderWithdrawsItsHeldChanges() throws Exception {
        String key = Ops.create(server, "leaving", "operator", "\"*\"", "\"*\"");
        Answer raised = server.send("POST", "/api/v1/alerts", alert("nuclear", KHARKIV_OBLAST), key);
        assertThat(raised.status()).isEqualTo(202);
        String id = raised.json().path("pending").path("id").asText();
        String alertId = raise(key, alert("drone", SUMY_OBLAST));
        String update = hold(key, alertId, "{\"type\":\"chemical\"}");
        assertThat(server.send("POST", "/api/v1/operators/leaving/revoke", null, server.adminKey)
                        .status())
                .isEqualTo(200);
        for (String h : new String[] {id, update}) {
            assertThat(held(h).path("state").asText()).isEqualTo("withdrawn");
            Answer a = approve(h, approver);
            assertThat(a.status()).isEqualTo(409);
            assertThat(a.json().path("detail").asText()).contains("withdrawn");
        }
        assertThat(alertNow(alertId).path("type").asText()).isEqualTo("drone");
    }
}
