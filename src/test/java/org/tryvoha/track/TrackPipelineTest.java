package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.bus.nats.NatsTestSupport;
import org.tryvoha.json.Json;

/**
 * The track feed end to end on a real server: batches over the real NATS of this machine (the
 * subject, the operator key in the message header, the same validation and counters as HTTP), and
 * the early warning raised, shown and ended through the alert pipeline.
 */
class TrackPipelineTest {
    private static final String KHARKIV_OBLAST = "UA63000000000041885";

    @TempDir
    static Path dir;

    static TestServer server;
    static Connection nc;
    static final String SUBJECT =
            "tryvoha.tracks.test." + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        String url = NatsTestSupport.sharedUrl(); // fails saying how to start NATS when it is down
        server = TestServer.start(
                dir,
                Map.of(
                        "TRYVOHA_TRACK_NATS_SUBJECT",
                        SUBJECT,
                        "TRYVOHA_TRACK_NATS_URL",
                        url,
                        "TRYVOHA_TRACK_EARLY_WARNING",
                        "true",
                        "TRYVOHA_TRACK_EARLY_WARNING_SECONDS",
                        "600",
                        "TRYVOHA_TRACK_BATCH_MAX",
                        "5"));
        nc = Nats.connect(url);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nc != null) nc.close();
        if (server != null) server.close();
    }

    private static String report(String id, String cls, Instant t, double lat, double north) {
        return "{\"track_id\":\"" + id + "\",\"class\":\"" + cls + "\",\"time\":\"" + t + "\",\"lat\":" + lat
                + ",\"lon\":36.2304,\"velocity\":{\"east\":0,\"north\":" + north + "},\"uncertainty_m\":300}";
    }

    private static JsonNode request(String body, String key) throws Exception {
        Headers h = new Headers();
        if (key != null) h.put("Authorization", "Bearer " + key);
        Message reply = nc.request(
                NatsMessage.builder()
                        .subject(SUBJECT)
                        .headers(h)
                        .data(body.getBytes(StandardCharsets.UTF_8))
                        .build(),
                Duration.ofSeconds(20));
        assertThat(reply).as("a reply from the server on " + SUBJECT).isNotNull();
        return Json.MAPPER.readTree(reply.getData());
    }

    private static JsonNode stats() throws Exception {
        return server.send("GET", "/api/v1/tracks/stats", null, server.adminKey).json();
    }

    @Test
    void aBatchOverNatsIsValidatedCountedAndWarnsLikeOverHttp() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // a cruise missile 15 km north of Kharkiv's centre at 250 m/s, and the same track's older report
        JsonNode ok = request(
                "{\"reports\":[" + report("nats-cm", "cruise_missile", now, 49.9935 + 15_000 / 111_320.0, -250) + ","
                        + report("nats-cm", "cruise_missile", now.minusSeconds(1), 50.2, -250) + "]}",
                server.adminKey);
        assertThat(ok.path("accepted").asInt()).as(ok.toString()).isEqualTo(1);
        assertThat(ok.path("out_of_order").asInt()).isEqualTo(1);
        JsonNode alerts = server.get("/api/v1/alerts?active=true").json().path("alerts");
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.path("type").asText()).isEqualTo("cruise_missile");
            assertThat(a.path("zones").toString()).contains("UA63120270000028556");
        });

        long unauthorized = stats().path("unauthorized_messages").asLong();
        JsonNode noKey = request("{\"reports\":[" + report("nats-x", "drone", now, 50.1, -50) + "]}", null);
        assertThat(noKey.path("status").asInt()).isEqualTo(401);
        assertThat(request("{\"reports\":[]}", "tvk_not_a_key").path("status").asInt())
                .isEqualTo(401);
        assertThat(stats().path("unauthorized_messages").asLong()).isEqualTo(unauthorized + 2);

        long invalid = stats().path("invalid").asLong();
        JsonNode bad = request("{\"reports\":[" + report("nats-y", "drone", now, 95, -50) + "]}", server.adminKey);
        assertThat(bad.path("status").asInt()).isEqualTo(422);
        assertThat(bad.path("errors").get(0).path("field").asText()).isEqualTo("reports[0].lat");
        assertThat(stats().path("invalid").asLong()).isEqualTo(invalid + 1);
        assertThat(request("{nope", server.adminKey).path("status").asInt()).isEqualTo(400);
        assertThat(request(
                                "{\"reports\":["
                                        + String.join(",", Collections.nCopies(6, report("z", "drone", now, 50.1, -50)))
                                        + "]}",
                                server.adminKey)
                        .path("status")
                        .asInt())
                .isEqualTo(413);
        // the server kept its subscription after all that
        JsonNode dup = request(
                "{\"reports\":[" + report("nats-cm", "cruise_missile", now, 49.9935 + 15_000 / 111_320.0, -250) + "]}",
                server.adminKey);
        assertThat(dup.path("duplicate").asInt()).isEqualTo(1);
    }

    @Test
    void anEarlyWarningReachesTheOblastBeforeTheAlertAndEndsWithTheThreat() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // a drone over Russia ~25 km north of the Kharkiv oblast border, flying south at 50 m/s: minutes away
        var post = server.send(
                "POST",
                "/api/v1/tracks",
                "{\"reports\":[" + report("ew-1", "drone", now, 50.65, -50) + "]}",
                server.adminKey);
        assertThat(post.status()).as(post.raw().body()).isEqualTo(200);
        JsonNode early = server.get("/api/v1/alerts?active=true").json().path("alerts");
        JsonNode pre = null;
        for (JsonNode a : early)
            if (a.path("type").asText().equals("early_warning")
                    && a.path("zones").toString().contains(KHARKIV_OBLAST)) pre = a;
        assertThat(pre).as(early.toString()).isNotNull();
        assertThat(pre.path("zones")).hasSize(1);
        assertThat(pre.path("message").path("uk").asText()).contains("Очікуються загрози");
        assertThat(pre.path("message").path("en").asText()).contains("expected within minutes");
        String preId = pre.path("id").asText();
        JsonNode fc =
                server.send("GET", "/api/v1/tracks", null, server.adminKey).json();
        JsonNode f = null;
        for (JsonNode x : fc.path("features")) if (x.path("id").asText().equals("ew-1")) f = x;
        assertThat(f).isNotNull();
        assertThat(f.path("properties").path("early_alert_id").asText()).isEqualTo(preId);
        assertThat(f.path("properties").path("early_zones").toString()).contains(KHARKIV_OBLAST);
        assertThat(f.path("properties").path("warned_zones")).isEmpty(); // no real alert yet: minutes away
        // a resident in Kharkiv sees it in the zone's status, as an early warning
        assertThat(server.get("/api/v1/zones/UA63120270000028556/status").raw().body())
                .contains("early_warning");

        server.send(
                "POST",
                "/api/v1/tracks",
                "{\"reports\":[{\"track_id\":\"ew-1\",\"class\":\"drone\",\"time\":\"" + now.plusMillis(500)
                        + "\",\"end\":\"destroyed\"}]}",
                server.adminKey);
        JsonNode after = server.get("/api/v1/alerts/" + preId).json();
        assertThat(after.path("active").asBoolean()).as(after.toString()).isFalse();
    }
}
