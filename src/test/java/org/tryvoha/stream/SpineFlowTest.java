package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.tryvoha.ServerTestBase;
import org.tryvoha.SseClient;
import org.tryvoha.WsClient;

/** An alert raised, delivered and cancelled over real HTTP, SSE and WebSocket connections to a real server. */
class SpineFlowTest extends ServerTestBase {
    static final String KHARKIV_OBLAST = "UA63000000000041885";
    static final String KHARKIVSKYI_RAION = "UA63120000000091135";
    static final String KHARKIV_HROMADA = "UA63120270000028556";
    static final String KHARKIV_POINT = "lat=49.9935&lon=36.2304";
    static final String LVIV_POINT = "lat=49.8397&lon=24.0297";

    static String raiseBody(String zone) {
        return "{\"type\":\"air_raid\",\"zones\":[\"" + zone
                + "\"],\"message\":{\"uk\":\"Повітряна тривога\",\"en\":\"Air raid alert\"}}";
    }

    @Test
    void oblastAlertReachesPointAndRaionSubscribersButNotLviv() throws Exception {
        try (SseClient point = SseClient.open(server.base + "/api/v1/stream?" + KHARKIV_POINT, null);
                SseClient lviv = SseClient.open(server.base + "/api/v1/stream?" + LVIV_POINT, null);
                WsClient raion = WsClient.open(server.base.replace("http", "ws") + "/api/v1/ws")) {
            assertThat(point.status).isEqualTo(200);
            SseClient.Message state = point.next("state", 5);
            assertThat(state.json().path("zones").get(0).path("zone").asText()).isEqualTo(KHARKIV_HROMADA);
            assertThat(state.json().path("zones").get(0).path("active").asBoolean())
                    .isFalse();
            lviv.next("state", 5);
            raion.send("{\"op\":\"subscribe\",\"zones\":[\"" + KHARKIVSKYI_RAION + "\"]}");
            assertThat(raion.next("subscribed", 5).path("zones").get(0).asText())
                    .isEqualTo(KHARKIVSKYI_RAION);
            raion.next("state", 5);

            JsonNode raised = server.raise(raiseBody(KHARKIV_OBLAST));
            long seq = raised.path("seq").asLong();
            String id = raised.path("alert").path("id").asText();

            SseClient.Message issued = point.next("alert", 5);
            assertThat(issued.id()).isEqualTo(Long.toString(seq));
            assertThat(issued.json().path("kind").asText()).isEqualTo("issued");
            assertThat(issued.json().path("alert").path("id").asText()).isEqualTo(id);
            JsonNode wsIssued = raion.next("event", 5);
            assertThat(wsIssued.path("seq").asLong()).isEqualTo(seq);

            JsonNode status =
                    server.get("/api/v1/zones/" + KHARKIV_HROMADA + "/status").json();
            assertThat(status.path("active").asBoolean()).isTrue();
            assertThat(status.path("alerts").get(0).path("via").asText()).isEqualTo(KHARKIV_OBLAST);

            JsonNode cancelled = server.cancel(id);
            SseClient.Message clear = point.next("alert", 5);
            assertThat(clear.json().path("kind").asText()).isEqualTo("cancelled");
            assertThat(clear.id()).isEqualTo(cancelled.path("seq").asText());
            assertThat(raion.next("event", 5).path("kind").asText()).isEqualTo("cancelled");

            // Lviv heard nothing of Kharkiv
            SseClient.Message other = lviv.poll(300);
            assertThat(other == null || !other.event().equals("alert"))
                    .as("Lviv got %s", other)
                    .isTrue();

            JsonNode history =
                    server.get("/api/v1/alerts?zone=" + KHARKIV_HROMADA).json();
            assertThat(history.path("alerts")).anySatisfy(a -> {
                assertThat(a.path("id").asText()).isEqualTo(id);
                assertThat(a.path("active").asBoolean()).isFalse();
            });
            JsonNode events =
                    server.get("/api/v1/events?after=" + (seq - 1)).json().path("events");
            assertThat(events.get(0).path("kind").asText()).isEqualTo("issued");
            assertThat(events.get(1).path("kind").asText()).isEqualTo("cancelled");
        }
    }

    @Test
    void resumeWithLastEventIdGivesExactlyTheMissedEvents() throws Exception {
        String id1 = server.raise(raiseBody(KHARKIVSKYI_RAION))
                .path("alert")
                .path("id")
                .asText();
        long after = server.get("/api/v1/events?after=0&limit=1")
                .json()
                .path("last_seq")
                .asLong();
        JsonNode lvivAlert = server.raise(raiseBody(lvivOblast()));
        long c1 = server.cancel(id1).path("seq").asLong();
        String id2 = server.raise(raiseBody(KHARKIV_HROMADA))
                .path("alert")
                .path("id")
                .asText();
        try (SseClient s =
                SseClient.open(server.base + "/api/v1/stream?zone=" + KHARKIV_HROMADA, Long.toString(after))) {
            SseClient.Message m1 = s.next(5);
            assertThat(m1.event()).isEqualTo("alert");
            assertThat(m1.id()).isEqualTo(Long.toString(c1));
            SseClient.Message m2 = s.next(5);
            assertThat(m2.json().path("alert").path("id").asText()).isEqualTo(id2);
            // the Lviv alert in between was not for this zone; nothing else follows
            SseClient.Message m3 = s.poll(300);
            assertThat(m3).as("unexpected %s", m3).isNull();
        }
        server.cancel(id2);
        server.cancel(lvivAlert.path("alert").path("id").asText());
    }

    @Test
    void websocketResumesFromSinceAndUnsubscribes() throws Exception {
        long before = server.get("/api/v1/events?after=0&limit=1")
                .json()
                .path("last_seq")
                .asLong();
        String id = server.raise(raiseBody(KHARKIV_HROMADA))
                .path("alert")
                .path("id")
                .asText();
        try (WsClient ws = WsClient.open(server.base.replace("http", "ws") + "/api/v1/ws")) {
            ws.send("{\"op\":\"subscribe\",\"lat\":49.9935,\"lon\":36.2304,\"since\":" + before + "}");
            ws.next("subscribed", 5);
            JsonNode e = ws.next("event", 5);
            assertThat(e.path("alert").path("id").asText()).isEqualTo(id);
            ws.send("{\"op\":\"unsubscribe\",\"zones\":[\"" + KHARKIV_HROMADA + "\"]}");
            assertThat(ws.next("unsubscribed", 5).path("zones")).isEmpty();
            server.cancel(id);
            JsonNode after = ws.poll(300);
            assertThat(after).as("got %s after unsubscribing", after).isNull();
            ws.send("{\"op\":\"subscribe\",\"zones\":[\"nope\"]}");
            assertThat(ws.next("error", 5).path("message").asText()).contains("unknown zone id 'nope'");
            ws.send("not json");
            assertThat(ws.next("error", 5).path("message").asText()).startsWith("not JSON");
        }
    }

    static String lvivOblast() throws Exception {
        JsonNode zones = server.get("/api/v1/zones/at?" + LVIV_POINT).json().path("zones");
        return zones.get(zones.size() - 2).path("id").asText();
    }
}
