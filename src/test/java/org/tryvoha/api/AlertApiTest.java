package org.tryvoha.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tryvoha.ServerTestBase;
import org.tryvoha.SseClient;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.auth.Keys;

/** The REST API over real HTTP: lifecycle, reads, and a precise problem document for every refusal. */
class AlertApiTest extends ServerTestBase {
    static final String OBLAST = "UA63000000000041885";
    static final String RAION = "UA63120000000091135";
    static final String HROMADA = "UA63120270000028556";
    static final String MSG = "\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}";

    @Test
    void firstStartPrintsAnAdminKeyThatWorks() {
        assertThat(server.adminKey).startsWith(Keys.PREFIX);
    }

    @Test
    void raiseAnswers201WithTheAlertAndItsSequence() throws Exception {
        Answer a = server.send(
                "POST",
                "/api/v1/alerts",
                "{\"type\":\"drone\",\"zones\":[\"" + RAION + "\"]," + MSG + "}",
                server.adminKey);
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.json().path("seq").asLong()).isPositive();
        JsonNode alert = a.json().path("alert");
        assertThat(alert.path("type").asText()).isEqualTo("drone");
        assertThat(alert.path("status").asText()).isEqualTo("actual");
        assertThat(alert.path("sender").asText()).isEqualTo("admin");
        assertThat(alert.path("issued_at").asText()).endsWith("Z");
        assertThat(a.raw().headers().firstValue("Location"))
                .hasValue("/api/v1/alerts/" + alert.path("id").asText());
        // the server's own time, request to answer, as W3C Server-Timing: a positive number of ms
        String timing = a.raw().headers().firstValue("Server-Timing").orElseThrow();
        assertThat(timing).matches("app;dur=\\d+\\.\\d{3};desc=\"request to answer\"");
        assertThat(Double.parseDouble(timing.replaceAll(".*dur=([0-9.]+).*", "$1")))
                .isPositive();
        JsonNode active = server.get("/api/v1/alerts?active=true").json().path("alerts");
        assertThat(active)
                .anySatisfy(x -> assertThat(x.path("id").asText())
                        .isEqualTo(alert.path("id").asText()));
        server.cancel(alert.path("id").asText());
    }

    @Test
    void areaResolvesToTheZonesItCovers() throws Exception {
        // a small square around central Kharkiv
        String area =
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.20,49.98],[36.26,49.98],[36.26,50.01],[36.20,50.01],[36.20,49.98]]]}";
        JsonNode a = server.raise("{\"type\":\"ballistic_missile\",\"area\":" + area + "," + MSG + "}");
        assertThat(a.path("alert").path("zones")).extracting(JsonNode::asText).contains(HROMADA);
        assertThat(a.path("alert").path("area").path("type").asText()).isEqualTo("Polygon");
        server.cancel(a.path("alert").path("id").asText());
    }

    @Test
    void updateChangesZonesAndTellsTheDroppedZones() throws Exception {
        JsonNode a = server.raise("{\"type\":\"air_raid\",\"zones\":[\"" + HROMADA + "\"]," + MSG + "}");
        String id = a.path("alert").path("id").asText();
        try (SseClient s = SseClient.open(server.base + "/api/v1/stream?zone=" + HROMADA, null)) {
            s.next("state", 5);
            Answer u = server.send(
                    "PATCH",
                    "/api/v1/alerts/" + id,
                    "{\"zones\":[\"UA80000000000093317\"],\"message\":{\"en\":\"Moved\"}}",
                    server.adminKey);
            assertThat(u.status()).isEqualTo(200);
            assertThat(u.json().path("kind").asText()).isEqualTo("updated");
            SseClient.Message m = s.next("alert", 5);
            assertThat(m.json().path("kind").asText()).isEqualTo("updated");
            assertThat(m.json().path("previous_zones").get(0).asText()).isEqualTo(HROMADA);
            assertThat(m.json().path("alert").path("message").path("uk").asText())
                    .isEqualTo("Тривога");
            assertThat(m.json().path("alert").path("message").path("en").asText())
                    .isEqualTo("Moved");
        }
        // the moved alert no longer covers the hromada (other tests' alerts may, so look for this one)
        assertThat(server.get("/api/v1/zones/" + HROMADA + "/status").json().path("alerts"))
                .noneSatisfy(
                        c -> assertThat(c.path("alert").path("id").asText()).isEqualTo(id));
        server.cancel(id);
    }

    @Test
    void alertsExpireByThemselves() throws Exception {
        // far enough ahead that a raise on a busy machine still lands before it (else 422: in the past)
        String expires = Instant.now().plusSeconds(4).toString();
        JsonNode a = server.raise("{\"type\":\"artillery\",\"zones\":[\"" + HROMADA + "\"],\"expires_at\":\"" + expires
                + "\"," + MSG + "}");
        String id = a.path("alert").path("id").asText();
        try (SseClient s = SseClient.open(
                server.base + "/api/v1/stream?zone=" + HROMADA, a.path("seq").asText())) {
            SseClient.Message m;
            do m = s.next("alert", 20);
            while (!m.json().path("alert").path("id").asText().equals(id));
            assertThat(m.json().path("kind").asText()).isEqualTo("expired");
        }
        JsonNode alert = server.get("/api/v1/alerts/" + id).json();
        assertThat(alert.path("active").asBoolean()).isFalse();
        assertThat(alert.path("ended_at").asText()).isNotEmpty();
    }

    @Test
    void historyFiltersAndPagesWithoutGapsOrDuplicates() throws Exception {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            String id = server.raise("{\"type\":\"guided_bomb\",\"status\":\"exercise\",\"zones\":[\"" + HROMADA
                            + "\"]," + MSG + "}")
                    .path("alert")
                    .path("id")
                    .asText();
            mine.add(id);
            server.cancel(id);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = server.get("/api/v1/alerts?zone=" + OBLAST + "&type=guided_bomb&status=exercise&limit=3"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, "UTF-8")))
                    .json();
            for (JsonNode a : page.path("alerts"))
                assertThat(seen.add(a.path("id").asText()))
                        .as("duplicate %s", a)
                        .isTrue();
            cursor = page.path("next_cursor").isNull()
                            || page.path("next_cursor").isMissingNode()
                    ? null
                    : page.path("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).isEqualTo(mine);
        assertThat(pages).isEqualTo(3);
        assertThat(server.get("/api/v1/alerts?type=guided_bomb&status=actual")
                        .json()
                        .path("alerts"))
                .isEmpty();
    }

    @Test
    void refusalsAreProblemDocumentsThatSayWhatToDo() throws Exception {
        String good = "{\"type\":\"air_raid\",\"zones\":[\"" + OBLAST + "\"]," + MSG + "}";
        problem(server.send("POST", "/api/v1/alerts", good, null), 401, "Authorization: Bearer");
        problem(server.send("POST", "/api/v1/alerts", good, "tvk_not-a-real-key"), 401, "not valid");
        problem(server.send("POST", "/api/v1/alerts", "{\"type\":", server.adminKey), 400, "not valid JSON");
        problem(
                server.send(HttpRequest.newBuilder(URI.create(server.base + "/api/v1/alerts"))
                        .header("Authorization", "Bearer " + server.adminKey)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(good))
                        .build()),
                415,
                "application/json");
        problem(
                server.send("POST", "/api/v1/alerts", "{\"pad\":\"" + "x".repeat(2 << 20) + "\"}", server.adminKey),
                413,
                "larger");
        Answer bad = server.send(
                "POST",
                "/api/v1/alerts",
                "{\"type\":\"meteor\",\"zones\":[\"UA00\"],\"message\":{\"uk\":\"\"},\"expires_at\":\"yesterday\"}",
                server.adminKey);
        problem(bad, 422, "invalid");
        assertThat(bad.json().path("errors"))
                .extracting(e -> e.path("field").asText())
                .contains("type", "zones[0]", "message.uk", "expires_at");
        Answer unclosed = server.send(
                "POST",
                "/api/v1/alerts",
                "{\"type\":\"air_raid\",\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[36,49],[37,49],[37,50],[36,50]]]},"
                        + MSG + "}",
                server.adminKey);
        problem(unclosed, 422, "not closed");
        Answer sea = server.send(
                "POST",
                "/api/v1/alerts",
                "{\"type\":\"air_raid\",\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[31,43],[32,43],[32,44],[31,43]]]},"
                        + MSG + "}",
                server.adminKey);
        problem(sea, 422, "covers no zone");
        problem(server.send("POST", "/api/v1/alerts/no-such-alert/cancel", null, server.adminKey), 404, "no alert");
        String id = server.raise(good).path("alert").path("id").asText();
        server.cancel(id);
        problem(server.send("POST", "/api/v1/alerts/" + id + "/cancel", null, server.adminKey), 409, "already ended");
        problem(
                server.send("PATCH", "/api/v1/alerts/" + id, "{\"status\":\"test\"}", server.adminKey),
                409,
                "already ended");
        problem(server.get("/api/v1/zones/UA99"), 404, "no zone");
        problem(server.get("/api/v1/zones/at?lat=north&lon=36"), 422, "latitude");
        problem(server.get("/api/v1/stream?zone=UA99"), 422, "unknown zone");
        problem(server.get("/api/v1/stream"), 422, "zone=ID");
        problem(server.get("/api/v1/alerts?limit=0"), 422, "limit");
        problem(server.get("/api/v1/nothing-here"), 404, "openapi");
        // the server is still serving after all of that
        assertThat(server.get("/api/v1/health").status()).isEqualTo(200);
    }

    static void problem(Answer a, int status, String detailContains) {
        assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
        assertThat(a.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(a.json().path("status").asInt()).isEqualTo(status);
        assertThat(a.json().path("title").asText()).isNotEmpty();
        assertThat(a.json().path("title_uk").asText()).isNotEmpty();
        assertThat(a.json().path("detail").asText()).containsIgnoringCase(detailContains);
    }
}
