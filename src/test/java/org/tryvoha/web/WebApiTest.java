package org.tryvoha.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;

/** The endpoints the pages need, over real HTTP against a server on a free port. */
class WebApiTest {
    @TempDir
    static Path dir;

    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void pagesAndLeafletAreServedFromTheJar() throws Exception {
        Answer html = s.send(HttpRequest.newBuilder(URI.create(s.base + "/"))
                .header("Accept", "text/html")
                .build());
        assertThat(html.raw().body()).contains("/vendor/leaflet/leaflet.js").contains("mappage.js");
        assertThat(s.get("/").json().get("api").asText())
                .isEqualTo("/api/v1/openapi.json"); // API clients keep the JSON index
        for (String p : new String[] {
            "/resident",
            "/console",
            "/web/js/resident.js",
            "/web/css/app.css",
            "/vendor/leaflet/leaflet.js",
            "/vendor/leaflet/leaflet.css"
        }) {
            assertThat(s.get(p).status()).as(p).isEqualTo(200);
        }
        assertThat(s.get("/web/js/nope.js").status()).isEqualTo(404);
    }

    @Test
    void whoamiNamesTheOperatorOrRefuses() throws Exception {
        assertThat(s.send("GET", "/api/v1/whoami", null, s.adminKey)
                        .json()
                        .get("name")
                        .asText())
                .isEqualTo("admin");
        Answer bad = s.send("GET", "/api/v1/whoami", null, "tvk_wrong");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json().get("detail").asText()).contains("not valid or has been revoked");
        assertThat(s.get("/api/v1/whoami").json().get("detail").asText()).contains("Authorization: Bearer");
    }

    @Test
    void resolveGivesTheTargetsARaiseWouldGet() throws Exception {
        String body = "{\"zones\":[\"UA63000000000041885\",\"UA63120000000091135\"],"
                + "\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[36.20,49.98],[36.26,49.98],[36.26,50.01],[36.20,50.01],[36.20,49.98]]]}}";
        Answer r = s.send("POST", "/api/v1/zones/resolve", body, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("count").asInt())
                .isEqualTo(1); // the raion and Kharkiv city's hromada lie inside the oblast
        assertThat(r.json().get("zones").get(0).get("id").asText()).isEqualTo("UA63000000000041885");
        assertThat(r.json().get("hromada_count").asInt())
                .isEqualTo(r.json().get("hromadas").size())
                .isGreaterThan(50);

        String raise =
                body.replace("{\"zones\"", "{\"type\":\"air_raid\",\"message\":{\"uk\":\"т\",\"en\":\"t\"},\"zones\"");
        assertThat(s.raise(raise).get("alert").get("zones"))
                .isEqualTo(r.json().get("zones").findValues("id").stream()
                        .collect(JsonNodeFactory.instance::arrayNode, (a, v) -> a.add(v), (a, b) -> a.addAll(b)));
    }

    @Test
    void resolveRefusesBadInputPrecisely() throws Exception {
        Answer none = s.send("POST", "/api/v1/zones/resolve", "{}", null);
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.json().get("errors").get(0).get("field").asText()).isEqualTo("zones");
        Answer unknown = s.send("POST", "/api/v1/zones/resolve", "{\"zones\":[\"X\"]}", null);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("zones[0]");
        Answer open = s.send(
                "POST",
                "/api/v1/zones/resolve",
                "{\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[36,50],[36.5,50],[36.5,50.5]]]}}",
                null);
        assertThat(open.json().get("errors").get(0).get("field").asText()).isEqualTo("area.coordinates[0]");
        assertThat(s.send("POST", "/api/v1/zones/resolve", "{", null).status()).isEqualTo(400);
        Answer text = s.send(HttpRequest.newBuilder(URI.create(s.base + "/api/v1/zones/resolve"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(text.status()).isEqualTo(415);
    }

    @Test
    void sheltersNearAPointInKyiv() throws Exception {
        Answer a = s.get("/api/v1/shelters/near?lat=50.4501&lon=30.5234&limit=3");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("shelters")).hasSize(3);
        assertThat(a.json().get("walking_speed_mps").asDouble()).isEqualTo(1.2);
        long d0 = a.json().get("shelters").get(0).get("distance_m").asLong(),
                d2 = a.json().get("shelters").get(2).get("distance_m").asLong();
        assertThat(d0).isLessThanOrEqualTo(d2);
        assertThat(s.get("/api/v1/shelters?bbox=30.5,50.44,30.55,50.46")
                        .json()
                        .get("shelters")
                        .size())
                .isPositive();
    }

    @Test
    void sheltersRefuseBadInputPrecisely() throws Exception {
        Answer a = s.get("/api/v1/shelters/near?lat=95&lon=30&limit=0");
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("lat", "limit");
        assertThat(s.get("/api/v1/shelters/near?lat=50")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asText())
                .isEqualTo("lon");
        assertThat(s.get("/api/v1/shelters?bbox=1,2,3")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asText())
                .isEqualTo("bbox");
        assertThat(s.get("/api/v1/shelters").status()).isEqualTo(422);
    }

    @Test
    void webConfigTellsThePagesTheHeartbeatAndBasemap() throws Exception {
        Answer a = s.get("/api/v1/web/config");
        assertThat(a.json().get("heartbeat_seconds").asInt()).isEqualTo(15);
        assertThat(a.json().has("basemap_url")).isFalse(); // none by default: no tile server
        assertThat(a.json().get("shelters").asInt()).isGreaterThan(3000);
    }
}
