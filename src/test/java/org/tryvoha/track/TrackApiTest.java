package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;

/** The /api/v1/tracks endpoints on a real server. */
class TrackApiTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of("TRYVOHA_TRACK_BATCH_MAX", "3", "TRYVOHA_TRACK_MODE", "confirm"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String report(String id, Instant t, double lat) {
        return "{\"track_id\":\"" + id + "\",\"class\":\"cruise_missile\",\"time\":\"" + t + "\",\"lat\":" + lat
                + ",\"lon\":36.2304,\"velocity\":{\"east\":0,\"north\":-250},\"uncertainty_m\":300}";
    }

    @Test
    void everyEndpointNeedsAnOperatorKey() throws Exception {
        for (String[] r : new String[][] {
            {"POST", "/api/v1/tracks"},
            {"GET", "/api/v1/tracks"},
            {"GET", "/api/v1/tracks/stats"},
            {"GET", "/api/v1/tracks/proposals"},
            {"POST", "/api/v1/tracks/x/confirm"}
        }) {
            Answer a = server.send(r[0], r[1], r[0].equals("POST") ? "{\"reports\":[]}" : null, null);
            assertThat(a.status()).as(r[1]).isEqualTo(401);
            assertThat(server.send(r[0], r[1], r[0].equals("POST") ? "{\"reports\":[]}" : null, "tvk_wrong")
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void badReportsAre422PerFieldAndBigBatches413() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Answer bad = server.send(
                "POST",
                "/api/v1/tracks",
                "{\"reports\":[" + report("ok", now, 50.1) + ",{\"track_id\":\"b\",\"class\":\"drone\",\"time\":\""
                        + now + "\",\"lat\":95,\"lon\":36}]}",
                server.adminKey);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors"))
                .extracting(e -> e.path("field").asText())
                .containsExactly("reports[1].lat", "reports[1].velocity");
        Answer big = server.send(
                "POST",
                "/api/v1/tracks",
                "{\"reports\":[" + String.join(",", Collections.nCopies(4, report("a", now, 50.1))) + "]}",
                server.adminKey);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().path("code").asText()).isEqualTo("too_large");
        assertThat(server.send("POST", "/api/v1/tracks", "{nope", server.adminKey)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aTrackShowsAsGeoJsonAndItsProposalIsConfirmedWithOneClick() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // 15 km north of Kharkiv's centre at 250 m/s: a minute away
        Answer ok = server.send(
                "POST",
                "/api/v1/tracks",
                "{\"reports\":[" + report("cm-7", now, 49.9935 + 15_000 / 111_320.0) + ","
                        + report("cm-7", now.minusSeconds(1), 50.2) + "," + report("old", now.minusSeconds(3600), 50.2)
                        + "]}",
                server.adminKey);
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
        assertThat(ok.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(ok.json().path("out_of_order").asInt()).isEqualTo(1);
        assertThat(ok.json().path("stale").asInt()).isEqualTo(1);

        JsonNode fc =
                server.send("GET", "/api/v1/tracks", null, server.adminKey).json();
        assertThat(fc.path("type").asText()).isEqualTo("FeatureCollection");
        JsonNode f = feature(fc, "cm-7");
        assertThat(f.path("geometry").path("type").asText()).isEqualTo("Polygon");
        assertThat(f.path("properties").path("class").asText()).isEqualTo("cruise_missile");
        assertThat(f.path("properties").path("pending_zones")).isNotEmpty(); // confirm mode: nothing went out

        JsonNode proposals = server.send("GET", "/api/v1/tracks/proposals", null, server.adminKey)
                .json()
                .path("proposals");
        assertThat(proposals).hasSize(1);
        assertThat(proposals.get(0).path("zones").toString()).contains("UA63120270000028556");
        assertThat(server.get("/api/v1/alerts?active=true").json().path("alerts"))
                .isEmpty();

        Answer c = server.send("POST", "/api/v1/tracks/cm-7/confirm", null, server.adminKey);
        assertThat(c.status()).as(c.raw().body()).isEqualTo(200);
        JsonNode alerts = server.get("/api/v1/alerts?active=true").json().path("alerts");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).path("type").asText()).isEqualTo("cruise_missile");
        assertThat(alerts.get(0).path("zones").toString()).contains("UA63120270000028556");

        assertThat(server.send("POST", "/api/v1/tracks/nope/confirm", null, server.adminKey)
                        .status())
                .isEqualTo(404);
        JsonNode stats = server.send("GET", "/api/v1/tracks/stats", null, server.adminKey)
                .json();
        assertThat(stats.path("accepted").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.path("alerts_raised").asLong()).isEqualTo(1);
        assertThat(stats.path("invalid").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aBallisticTrackShowsItsPredictedImpact() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // 40 km up, 30 km north of Kharkiv, climbing at 300 m/s, 1,000 m/s south: down some 125 km south in about
        // two minutes, too far off for any zone to be due (so no proposal joins the other test's)
        String r = "{\"track_id\":\"bm-api\",\"class\":\"ballistic\",\"time\":\"" + now
                + "\",\"lat\":50.26,\"lon\":36.2304,\"velocity\":{\"east\":0,\"north\":-1000,\"up\":300},"
                + "\"altitude\":40000,\"uncertainty_m\":300,\"velocity_uncertainty\":20}";
        Answer ok = server.send("POST", "/api/v1/tracks", "{\"reports\":[" + r + "]}", server.adminKey);
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
        JsonNode fc =
                server.send("GET", "/api/v1/tracks", null, server.adminKey).json();
        JsonNode f = feature(fc, "bm-api");
        JsonNode impact = f.path("properties").path("impact");
        assertThat(impact.path("seconds_to_impact").asDouble()).isBetween(100.0, 160.0);
        assertThat(impact.path("lat").asDouble()).isBetween(48.8, 49.5);
        assertThat(impact.path("lon").asDouble()).isBetween(36.1, 36.4);
        assertThat(impact.path("ellipse_95_km2").asDouble()).isBetween(0.1, 200.0);
        assertThat(f.path("geometry").path("type").asText()).isEqualTo("Polygon");
        assertThat(f.path("properties").path("pending_zones")).isEmpty();
    }

    private static JsonNode feature(JsonNode fc, String id) {
        for (JsonNode x : fc.path("features")) if (x.path("id").asText().equals(id)) return x;
        throw new AssertionError("no feature " + id + " in " + fc);
    }
}
