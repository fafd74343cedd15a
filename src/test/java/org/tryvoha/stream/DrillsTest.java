package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.tryvoha.ServerTestBase;
import org.tryvoha.SseClient;
import org.tryvoha.WsClient;

/**
 * Drills on the delivery side: an exercise alert reaches only subscribers that opted in,
 * marked as an exercise, live and on resume, over SSE and WebSocket; the public zone status ignores it.
 * Every check that a drill did not arrive is made by ordering: a real alert raised after the drill must
 * be the next event the real-alert subscriber sees.
 */
class DrillsTest extends ServerTestBase {
    static final String OBLAST = SpineFlowTest.KHARKIV_OBLAST;
    static final String HROMADA = SpineFlowTest.KHARKIV_HROMADA;

    static String drillBody(String zone) {
        return "{\"type\":\"air_raid\",\"status\":\"exercise\",\"zones\":[\"" + zone + "\"],"
                + "\"message\":{\"uk\":\"Навчання: повітряна тривога\",\"en\":\"Exercise: air raid alert\"}}";
    }

    @Test
    void sseDrillReachesOnlyOptedInSubscribersLiveAndOnResume() throws Exception {
        long before = lastSeq();
        try (SseClient real = SseClient.open(server.base + "/api/v1/stream?zone=" + HROMADA, null);
                SseClient drills = SseClient.open(server.base + "/api/v1/stream?drills=true&zone=" + HROMADA, null)) {
            real.next("state", 5);
            drills.next("state", 5);
            JsonNode drill = server.raise(drillBody(OBLAST));
            JsonNode actual = server.raise(SpineFlowTest.raiseBody(OBLAST));

            SseClient.Message d = drills.next("alert", 5);
            assertThat(d.id()).isEqualTo(drill.path("seq").asText());
            assertThat(d.json().path("exercise").asBoolean()).isTrue();
            assertThat(d.json().path("alert").path("status").asText()).isEqualTo("exercise");
            SseClient.Message a = drills.next("alert", 5);
            assertThat(a.id()).isEqualTo(actual.path("seq").asText());
            assertThat(a.json().has("exercise"))
                    .as("a real alert is not marked")
                    .isFalse();

            SseClient.Message first = real.next("alert", 5);
            assertThat(first.id())
                    .as("the real-alert subscriber's first event is the real alert")
                    .isEqualTo(actual.path("seq").asText());

            // the public zone state: only the real alert covers the zone; the drill counts with drills=true
            JsonNode status = server.get("/api/v1/zones/" + HROMADA + "/status").json();
            assertThat(status.path("alerts")).hasSize(1);
            assertThat(status.path("alerts").get(0).path("alert").path("status").asText())
                    .isEqualTo("actual");
            assertThat(server.get("/api/v1/zones/" + HROMADA + "/status?drills=true")
                            .json()
                            .path("alerts"))
                    .hasSize(2);
            assertThat(server.get("/api/v1/zones/" + HROMADA + "/status?drills=maybe")
                            .status())
                    .isEqualTo(400);

            server.cancel(actual.path("alert").path("id").asText());
            long end = server.cancel(drill.path("alert").path("id").asText())
                    .path("seq")
                    .asLong();
            assertThat(real.next("alert", 5).json().path("kind").asText()).isEqualTo("cancelled");

            // resuming from before the drill: the real-alert subscriber gets only the real alert's events
            try (SseClient resumed =
                            SseClient.open(server.base + "/api/v1/stream?zone=" + HROMADA, Long.toString(before));
                    SseClient resumedDrills = SseClient.open(
                            server.base + "/api/v1/stream?drills=true&zone=" + HROMADA, Long.toString(before))) {
                assertThat(resumed.next("alert", 5).id())
                        .isEqualTo(actual.path("seq").asText());
                SseClient.Message cancel = resumed.next("alert", 5);
                assertThat(cancel.json().path("alert").path("status").asText()).isEqualTo("actual");
                assertThat(resumed.poll(300)).as("nothing of the drill").isNull();
                long drillEvents = 0;
                for (int i = 0; i < 4; i++) {
                    SseClient.Message m = resumedDrills.next("alert", 5);
                    if (m.json().path("exercise").asBoolean()) drillEvents++;
                    if (i == 3) assertThat(m.id()).isEqualTo(Long.toString(end));
                }
                assertThat(drillEvents).isEqualTo(2);
            }
        }
    }

    @Test
    void webSocketDrillReachesOnlyOptedInSubscribersLiveAndOnResume() throws Exception {
        long before = lastSeq();
        String url = server.base.replace("http", "ws") + "/api/v1/ws";
        try (WsClient real = WsClient.open(url + "?zone=" + HROMADA);
                WsClient drills = WsClient.open(url)) {
            real.next("state", 5);
            drills.send("{\"op\":\"subscribe\",\"zones\":[\"" + HROMADA + "\"],\"drills\":true}");
            assertThat(drills.next("subscribed", 5).path("drills").asBoolean()).isTrue();
            drills.next("state", 5);
            JsonNode drill = server.raise(drillBody(OBLAST));
            JsonNode actual = server.raise(SpineFlowTest.raiseBody(OBLAST));

            JsonNode d = drills.next("event", 5);
            assertThat(d.path("seq").asLong()).isEqualTo(drill.path("seq").asLong());
            assertThat(d.path("exercise").asBoolean()).isTrue();
            assertThat(drills.next("event", 5).path("seq").asLong())
                    .isEqualTo(actual.path("seq").asLong());
            assertThat(real.next("event", 5).path("seq").asLong())
                    .isEqualTo(actual.path("seq").asLong());

            // the state a subscribe answers with shows the drill only to a connection that opted in
            real.send("{\"op\":\"subscribe\",\"zones\":[\"" + HROMADA + "\"]}");
            assertThat(real.next("state", 5).path("zones").get(0).path("alerts"))
                    .hasSize(1);
            drills.send("{\"op\":\"subscribe\",\"zones\":[\"" + HROMADA + "\"]}");
            assertThat(drills.next("state", 5).path("zones").get(0).path("alerts"))
                    .hasSize(2);

            server.cancel(actual.path("alert").path("id").asText());
            server.cancel(drill.path("alert").path("id").asText());
            assertThat(real.next("event", 5).path("kind").asText()).isEqualTo("cancelled");
            assertThat(real.poll(300)).as("nothing of the drill's cancellation").isNull();
            drills.send("{\"op\":\"subscribe\",\"zones\":[],\"drills\":\"yes\"}");
            assertThat(drills.next("error", 5).path("message").asText()).contains("drills must be true or false");
        }

        try (WsClient resumed = WsClient.open(url + "?since=" + before + "&zone=" + HROMADA)) {
            JsonNode first = resumed.next("event", 5);
            assertThat(first.path("kind").asText()).isEqualTo("issued");
            assertThat(first.path("alert").path("status").asText()).isEqualTo("actual");
            JsonNode cancel = resumed.next("event", 5);
            assertThat(cancel.path("kind").asText()).isEqualTo("cancelled");
            assertThat(cancel.has("exercise")).isFalse();
            assertThat(resumed.poll(300)).as("nothing of the drill").isNull();
        }
    }

    /**
     * A client that asks for an h2c upgrade is answered over HTTP/1.1 (the server offers HTTP/2 only
     * over TLS, so a silent connection can be timed from its start): its stream still delivers.
     */
    @Test
    void sseAskedForWithAnHttp2UpgradeStillDelivers() throws Exception {
        try (SseClient h2 =
                SseClient.open(server.base + "/api/v1/stream?zone=" + HROMADA, null, HttpClient.Version.HTTP_2)) {
            h2.next("state", 5);
            JsonNode actual = server.raise(SpineFlowTest.raiseBody(OBLAST));
            assertThat(h2.next("alert", 5).id()).isEqualTo(actual.path("seq").asText());
            server.cancel(actual.path("alert").path("id").asText());
            assertThat(h2.next("alert", 5).json().path("kind").asText()).isEqualTo("cancelled");
        }
    }

    static long lastSeq() throws Exception {
        return server.get("/api/v1/events?after=0&limit=1")
                .json()
                .path("last_seq")
                .asLong();
    }
}
