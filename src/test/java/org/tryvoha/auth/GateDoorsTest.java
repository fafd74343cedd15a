package org.tryvoha.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.auth.Ops.KHARKIV_RAION;
import static org.tryvoha.auth.Ops.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.json.Json;

/**
 * Every door of an alert change meets the same gate: operator accounts and {@code tvk_} keys alike,
 * the track feed acting as its named principal (here {@code feed}, scoped to Kharkiv oblast), and
 * exactly one audit entry per change through REST, CAP, the track feed over HTTP and over NATS.
 */
class GateDoorsTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static final String SUBJECT = "tryvoha.test.tracks." + UUID.randomUUID();
    static String adminAccount;
    static String operatorAccount;

    @BeforeAll
    static void start() throws Exception {
        server = Ops.server(dir, Map.of("TRYVOHA_TRACK_FEED_PRINCIPAL", "feed", "TRYVOHA_TRACK_NATS_SUBJECT", SUBJECT));
        Ops.create(server, "feed", "operator", "[\"" + Ops.KHARKIV_OBLAST + "\"]", "\"*\"");
        adminAccount = Ops.create(server, "admin-account", "admin", "\"*\"", "\"*\"");
        operatorAccount = Ops.create(server, "sender", "operator", "\"*\"", "\"*\"");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anOperatorAccountIsTakenAtTheCapAndTrackDoorsAsAtTheAlertsDoor() throws Exception {
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), adminAccount)
                        .status())
                .isEqualTo(201);
        Answer cap =
                Ops.postCap(server, Ops.cap(UUID.randomUUID().toString(), "Alert", null, KHARKIV_RAION), adminAccount);
        assertThat(cap.status()).as(cap.raw().body()).isEqualTo(201);
        assertThat(cap.json().path("alert").path("sender").asText()).isEqualTo("admin-account");
        Answer tracks = server.send(
                "POST", "/api/v1/tracks", Ops.tracks("door-" + UUID.randomUUID(), Ops.KHARKIV_CITY), adminAccount);
        assertThat(tracks.status()).as(tracks.raw().body()).isEqualTo(200);
        assertThat(server.send("GET", "/api/v1/tracks/stats", null, adminAccount)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theFeedPrincipalRaisesNothingOutsideItsScopeAndTheRefusalIsCounted() throws Exception {
        long before = stats().path("alerts_refused_outside_scope").asLong();
        String poltava = "poltava-" + UUID.randomUUID();
        assertThat(server.send("POST", "/api/v1/tracks", Ops.tracks(poltava, Ops.POLTAVA_CITY), operatorAccount)
                        .status())
                .isEqualTo(200);
        assertThat(stats().path("alerts_refused_outside_scope").asLong()).isGreaterThan(before);
        assertThat(feature(poltava).path("properties").path("alert_id").isNull())
                .isTrue();

        String kharkiv = "kharkiv-" + UUID.randomUUID();
        assertThat(server.send("POST", "/api/v1/tracks", Ops.tracks(kharkiv, Ops.KHARKIV_CITY), operatorAccount)
                        .status())
                .isEqualTo(200);
        String id = feature(kharkiv).path("properties").path("alert_id").asText();
        JsonNode a = server.send("GET", "/api/v1/alerts/" + id, null, null).json();
        assertThat(a.path("sender").asText())
                .isEqualTo("feed"); // made as the feed principal, not as the sender of the reports
        assertThat(a.path("active").asBoolean()).isTrue();
    }

    @Test
    void exactlyOneAuditEntryPerChangeThroughEveryDoor() throws Exception {
        String rest = server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), operatorAccount)
                .json()
                .path("alert")
                .path("id")
                .asText();
        assertOneEntry(rest, "alert.raise", "sender");
        assertThat(server.send("POST", "/api/v1/alerts/" + rest + "/cancel", null, operatorAccount)
                        .status())
                .isEqualTo(200);
        assertThat(awaitEntries(rest, 2))
                .extracting(e -> e.path("action").asText())
                .containsExactly("alert.raise", "alert.cancel");

        String cap = Ops.postCap(
                        server, Ops.cap(UUID.randomUUID().toString(), "Alert", null, KHARKIV_RAION), operatorAccount)
                .json()
                .path("alert")
                .path("id")
                .asText();
        assertOneEntry(cap, "alert.raise", "sender");

        String http = "http-" + UUID.randomUUID();
        assertThat(server.send("POST", "/api/v1/tracks", Ops.tracks(http, Ops.KHARKIV_CITY), operatorAccount)
                        .status())
                .isEqualTo(200);
        assertOneEntry(feature(http).path("properties").path("alert_id").asText(), "alert.raise", "feed");

        String nats = "nats-" + UUID.randomUUID();
        try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
            Headers h = new Headers().add("Authorization", "Bearer " + operatorAccount);
            Message reply = nc.request(
                    NatsMessage.builder()
                            .subject(SUBJECT)
                            .headers(h)
                            .data(Ops.tracks(nats, Ops.KHARKIV_CITY).getBytes(StandardCharsets.UTF_8))
                            .build(),
                    Duration.ofSeconds(10));
            assertThat(Json.MAPPER.readTree(reply.getData()).path("accepted").asInt())
                    .as(new String(reply.getData(), StandardCharsets.UTF_8))
                    .isEqualTo(1);
            Message refused = nc.request(
                    NatsMessage.builder()
                            .subject(SUBJECT)
                            .headers(new Headers().add("Authorization", "Bearer tvk_wrong"))
                            .data(Ops.tracks(nats, Ops.KHARKIV_CITY).getBytes(StandardCharsets.UTF_8))
                            .build(),
                    Duration.ofSeconds(10));
            assertThat(Json.MAPPER.readTree(refused.getData()).path("status").asInt())
                    .isEqualTo(401);
        }
        assertOneEntry(feature(nats).path("properties").path("alert_id").asText(), "alert.raise", "feed");
        // a batch that was taken is no alert change of its own: no entry for the request beside the gate's
        assertThat(entries(e -> e.path("action").asText().equals("track.report")
                        && e.path("status").asInt() == 200))
                .isEmpty();
    }

    @Test
    void refusedRequestsAreStillRecorded() throws Exception {
        String viewer = Ops.create(
                server, "viewer-" + UUID.randomUUID().toString().substring(0, 8), "viewer", "\"*\"", "\"*\"");
        assertThat(server.send("POST", "/api/v1/tracks", Ops.tracks("v", Ops.KHARKIV_CITY), viewer)
                        .status())
                .isEqualTo(403);
        assertThat(Ops.postCap(server, Ops.cap(UUID.randomUUID().toString(), "Alert", null, KHARKIV_RAION), "tvk_wrong")
                        .status())
                .isEqualTo(401);
        await(() -> entries(e -> e.path("action").asText().equals("track.report")
                                        && e.path("status").asInt() == 403)
                                .size()
                        == 1
                && entries(e -> e.path("action").asText().equals("anonymous.refusals")
                                        && e.path("detail").asText().contains("\"action\":\"cap.import\""))
                                .size()
                        == 1); // refused before authentication: summed up with a sample, not an entry each
    }

    private static JsonNode stats() throws Exception {
        return server.send("GET", "/api/v1/tracks/stats", null, server.adminKey).json();
    }

    private static JsonNode feature(String trackId) throws Exception {
        for (JsonNode f : server.send("GET", "/api/v1/tracks", null, server.adminKey)
                .json()
                .path("features")) {
            if (f.path("id").asText().equals(trackId)) return f;
        }
        throw new AssertionError("no track " + trackId);
    }

    private static void assertOneEntry(String alertId, String action, String actor) throws Exception {
        List<JsonNode> found = awaitEntries(alertId, 1);
        Thread.sleep(150); // a second entry would be group-committed within 50 ms
        found = entries(e -> e.path("target").asText().equals(alertId));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("action").asText()).isEqualTo(action);
        assertThat(found.get(0).path("actor").asText()).isEqualTo(actor);
    }

    private static List<JsonNode> awaitEntries(String target, int n) throws Exception {
        await(() -> entries(e -> e.path("target").asText().equals(target)).size() >= n);
        return entries(e -> e.path("target").asText().equals(target));
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("waited 10 s for the audit log").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<JsonNode> entries(Predicate<JsonNode> p) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : server.send("GET", "/api/v1/audit?limit=1000", null, server.adminKey)
                .json()
                .path("entries")) if (p.test(e)) out.add(e);
        return out;
    }
}
