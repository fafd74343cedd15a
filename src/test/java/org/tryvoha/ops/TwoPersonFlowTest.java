package org.tryvoha.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.auth.Ops.KHARKIV_OBLAST;
import static org.tryvoha.auth.Ops.KHARKIV_RAION;
import static org.tryvoha.auth.Ops.POLTAVA_OBLAST;
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

/** The two-person rule over real HTTP: held, not delivered, approved by another person only; cancel never held. */
class TwoPersonFlowTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static String sender, approver, otherApprover;

    @BeforeAll
    static void start() throws Exception {
        server = Ops.server(dir, Map.of());
        sender = Ops.create(server, "sender", "operator", "\"*\"", "\"*\"");
        approver = Ops.create(server, "approver", "approver", "\"*\"", "\"*\"");
        otherApprover = Ops.create(server, "approver2", "approver", "\"*\"", "\"*\"");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    long lastSeq() throws Exception {
        return server.get("/api/v1/events?after=0&limit=1")
                .json()
                .path("last_seq")
                .asLong();
    }

    Answer raise(String key, String body) throws Exception {
        return server.send("POST", "/api/v1/alerts", body, key);
    }

    @Test
    void twoOblastsWaitUnseenUntilAnotherApproverApproves() throws Exception {
        long before = lastSeq();
        Answer held = raise(sender, alert("air_raid", KHARKIV_OBLAST, POLTAVA_OBLAST));
        assertThat(held.status()).as(held.raw().body()).isEqualTo(202);
        JsonNode p = held.json().path("pending");
        assertThat(p.path("state").asText()).isEqualTo("pending");
        assertThat(p.path("reason").asText()).contains("2 oblasts");
        assertThat(p.path("requested_by").asText()).isEqualTo("sender");
        String id = p.path("id").asText();
        String alertId = p.path("alert_id").asText();
        // stored, visible to operators, but nothing delivered: no event, not active
        assertThat(lastSeq()).isEqualTo(before);
        assertThat(server.get("/api/v1/alerts/" + alertId).status()).isEqualTo(404);
        JsonNode list =
                server.send("GET", "/api/v1/approvals", null, approver).json().path("approvals");
        assertThat(list).anySatisfy(h -> assertThat(h.path("id").asText()).isEqualTo(id));
        assertThat(list.toString()).doesNotContain("\"body\"");

        Answer ok = server.send("POST", "/api/v1/approvals/" + id + "/approve", null, approver);
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
        assertThat(ok.json().path("pending").path("state").asText()).isEqualTo("approved");
        assertThat(ok.json().path("pending").path("decided_by").asText()).isEqualTo("approver");
        JsonNode a = server.get("/api/v1/alerts/" + alertId).json();
        assertThat(a.path("active").asBoolean()).isTrue();
        assertThat(a.path("sender").asText()).isEqualTo("sender");
        assertThat(a.path("zones")).hasSize(2);
        assertThat(lastSeq()).isEqualTo(before + 1);

        Answer again = server.send("POST", "/api/v1/approvals/" + id + "/approve", null, otherApprover);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("detail").asText()).contains("already approved");

        // cancelling is never held back: the sender (an operator) ends the two-oblast alert at once
        Answer cancel = server.send("POST", "/api/v1/alerts/" + alertId + "/cancel", null, sender);
        assertThat(cancel.status()).as(cancel.raw().body()).isEqualTo(200);
        assertThat(cancel.json().path("kind").asText()).isEqualTo("cancelled");
    }

    @Test
    void selfApprovalIsRefusedEvenForAnApprover() throws Exception {
        Answer held = raise(approver, alert("nuclear", KHARKIV_RAION));
        assertThat(held.status()).isEqualTo(202);
        String id = held.json().path("pending").path("id").asText();
        Answer self = server.send("POST", "/api/v1/approvals/" + id + "/approve", null, approver);
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().path("detail").asText())
                .contains("you sent this alert yourself")
                .contains("two-person rule");
        assertThat(server.send("GET", "/api/v1/approvals/" + id, null, approver)
                        .json()
                        .path("pending")
                        .path("state")
                        .asText())
                .isEqualTo("pending");
        Answer ok = server.send("POST", "/api/v1/approvals/" + id + "/approve", null, otherApprover);
        assertThat(ok.status()).isEqualTo(200);
        String alertId = ok.json().path("event").path("alert_id").asText();
        // a nuclear alert, too, is cancelled at once
        assertThat(server.send("POST", "/api/v1/alerts/" + alertId + "/cancel", null, sender)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void rejectedStaysUnsentAndTheSenderMayWithdraw() throws Exception {
        String id = raise(sender, alert("drone", KHARKIV_OBLAST, SUMY_OBLAST))
                .json()
                .path("pending")
                .path("id")
                .asText();
        Answer r =
                server.send("POST", "/api/v1/approvals/" + id + "/reject", "{\"reason\":\"wrong oblast\"}", approver);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("pending").path("state").asText()).isEqualTo("rejected");
        assertThat(r.json().path("pending").path("note").asText()).isEqualTo("wrong oblast");
        assertThat(server.send("POST", "/api/v1/approvals/" + id + "/approve", null, otherApprover)
                        .status())
                .isEqualTo(409);

        String mine = raise(sender, alert("drone", KHARKIV_OBLAST, SUMY_OBLAST))
                .json()
                .path("pending")
                .path("id")
                .asText();
        assertThat(server.send("POST", "/api/v1/approvals/" + mine + "/reject", null, sender)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void oneOblastGoesOutAtOnceAndWideningItIsHeld() throws Exception {
        Answer a = raise(sender, alert("drone", KHARKIV_OBLAST));
        assertThat(a.status()).isEqualTo(201);
        String id = a.json().path("alert").path("id").asText();
        Answer widen = server.send(
                "PATCH",
                "/api/v1/alerts/" + id,
                "{\"zones\":[\"" + KHARKIV_OBLAST + "\",\"" + POLTAVA_OBLAST + "\"]}",
                sender);
        assertThat(widen.status()).isEqualTo(202);
        assertThat(widen.json().path("pending").path("action").asText()).isEqualTo("update");
        assertThat(server.get("/api/v1/alerts/" + id).json().path("zones")).hasSize(1);
        String held = widen.json().path("pending").path("id").asText();
        assertThat(server.send("POST", "/api/v1/approvals/" + held + "/approve", null, approver)
                        .status())
                .isEqualTo(200);
        // a message change of the same alert is not held
        assertThat(server.send("PATCH", "/api/v1/alerts/" + id, "{\"message\":{\"en\":\"Stay inside\"}}", sender)
                        .status())
                .isEqualTo(200);
        assertThat(server.get("/api/v1/alerts/" + id).json().path("zones")).hasSize(2);
        assertThat(server.send("POST", "/api/v1/alerts/" + id + "/cancel", null, sender)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theConsoleAndCliListShowPendingOnlyByDefault() throws Exception {
        String id = raise(sender, alert("chemical", KHARKIV_RAION))
                .json()
                .path("pending")
                .path("id")
                .asText();
        server.send("POST", "/api/v1/approvals/" + id + "/reject", null, approver);
        JsonNode pending =
                server.send("GET", "/api/v1/approvals", null, approver).json().path("approvals");
        assertThat(pending).noneSatisfy(h -> assertThat(h.path("id").asText()).isEqualTo(id));
        JsonNode all = server.send("GET", "/api/v1/approvals?state=all", null, approver)
                .json()
                .path("approvals");
        assertThat(all).anySatisfy(h -> assertThat(h.path("id").asText()).isEqualTo(id));
        assertThat(server.send("GET", "/api/v1/approvals?state=bogus", null, approver)
                        .status())
                .isEqualTo(422);
    }
}
