package org.tryvoha.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;

/**
 * Web Push end to end over HTTP/2: browsers subscribe through the API, an alert is raised, and the
 * local push service ({@link PushServiceSim}) receives every push over HTTP/2, checks its VAPID
 * token against the server's key and decrypts it for its browser; the server's tally of the event
 * ({@code /api/v1/latency} {@code push}) and {@code /metrics} count them. Then the push service
 * refuses one push (400, as for a push it cannot decrypt) to show the check can fail.
 */
class PushServiceSimTest {
    static final String KHARKIV = "UA63000000000041885";
    static final int BROWSERS = 200;

    @TempDir
    Path dir;

    @Test
    void everyPushArrivesOverHttp2DecryptsAndIsCountedPerEvent() throws Exception {
        try (PushServiceSim sim = new PushServiceSim(BROWSERS, 1);
                TestServer server = start()) {
            subscribeAll(sim, server);
            JsonNode raised = server.raise("{\"type\":\"air_raid\",\"zones\":[\"" + KHARKIV
                    + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}}");
            long seq = raised.path("seq").asLong();
            JsonNode tally = awaitDone(server);
            assertThat(tally.path("seq").asLong()).isEqualTo(seq);
            assertThat(tally.path("sent").asInt()).isEqualTo(BROWSERS);
            assertThat(tally.path("failed").asInt()).isZero();
            assertThat(tally.path("to_last_ms").asDouble()).isPositive();
            assertThat(sim.rejected.sum()).as(String.valueOf(sim.lastRejection)).isZero();
            assertThat(sim.events.get(seq).count.sum()).isEqualTo(BROWSERS);
            assertThat(sim.h2.sum()).as("every push over HTTP/2").isEqualTo(BROWSERS);
            assertThat(sim.events.get(seq).ttls.keySet()).as("TTL and Urgency").allMatch(t -> t.endsWith("/high"));
            String metrics = server.get("/metrics").raw().body();
            assertThat(metrics).containsPattern("tryvoha_push_sent_total\\{channel=\"webpush\"[^}]*\\} 200\\.0");

            sim.expectVapidKey(Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(sim.browsers[0].publicKey())); // not the server's key any more
            server.cancel(raised.path("alert").path("id").asText());
            for (int i = 0; i < 200 && sim.rejected.sum() < BROWSERS; i++) Thread.sleep(50);
            assertThat(sim.lastRejection).isEqualTo("VAPID key is not the server's");
            JsonNode refused = awaitDone(server);
            assertThat(refused.path("failed").asInt())
                    .as("400 is a refusal, not retried")
                    .isEqualTo(BROWSERS);
        }
    }

    /**
     * Decrypting one push in four: both events still count every push (each browser's k-th push is
     * the k-th event), a quarter of them decrypted, and a body whose framing is wrong is refused
     * without decrypting.
     */
    @Test
    void decryptingOneInFourStillCountsEveryPushOfEachEvent() throws Exception {
        int n = 40;
        try (PushServiceSim sim = new PushServiceSim(n, 1, 4);
                TestServer server = start()) {
            subscribeAll(sim, server);
            JsonNode raised = server.raise("{\"type\":\"air_raid\",\"zones\":[\"" + KHARKIV
                    + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}}");
            assertThat(awaitDone(server, raised.path("seq").asLong())
                            .path("sent")
                            .asInt())
                    .isEqualTo(n);
            long cancelled = server.cancel(raised.path("alert").path("id").asText())
                    .path("seq")
                    .asLong();
            JsonNode done = awaitDone(server, cancelled);
            assertThat(done.path("sent").asInt()).isEqualTo(n);
            assertThat(sim.rejected.sum()).as(String.valueOf(sim.lastRejection)).isZero();
            assertThat(sim.events.get(raised.path("seq").asLong()).count.sum()).isEqualTo(n);
            assertThat(sim.events.get(cancelled).count.sum()).isEqualTo(n);
        }
        byte[] body = new byte[16 + 4 + 1 + 65 + 40];
        java.nio.ByteBuffer.wrap(body, 16, 6).putInt(4096).put((byte) 65).put((byte) 4);
        assertThat(PushServiceSim.framing(body)).isNull();
        body[21] = 2; // a compressed point is not what RFC 8291 sends
        assertThat(PushServiceSim.framing(body)).contains("key id");
        assertThat(PushServiceSim.framing(new byte[50])).contains("shorter");
    }

    private TestServer start() throws Exception {
        return TestServer.start(
                dir,
                Map.of(
                        "TRYVOHA_PUSH_ALLOW_HTTP", "true",
                        "TRYVOHA_OUTBOUND_ALLOW_PRIVATE", "true",
                        "TRYVOHA_PUSH_SUBSCRIBE_PER_MINUTE", "0"));
    }

    /** Each of the push service's browsers subscribes to Kharkiv through the API, with the server's VAPID key expected. */
    private static void subscribeAll(PushServiceSim sim, TestServer server) throws Exception {
        sim.expectVapidKey(
                server.get("/api/v1/push/key").json().path("public_key").asText());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        for (int i = 0; i < sim.browsers.length; i++) {
            var b = sim.browsers[i];
            int status = server.send(
                            "POST",
                            "/api/v1/push/subscriptions",
                            "{\"endpoint\":\"" + sim.endpoint(i) + "\",\"keys\":{\"p256dh\":\""
                                    + b64.encodeToString(b.publicKey()) + "\",\"auth\":\""
                                    + b64.encodeToString(b.auth()) + "\"},\"zones\":[\"" + KHARKIV + "\"]}",
                            null)
                    .status();
            assertThat(status).isEqualTo(201);
        }
    }

    private static JsonNode awaitDone(TestServer server) throws Exception {
        return awaitDone(server, -1);
    }

    /** The tally of event {@code seq} (any, when -1) once all its pushes are answered. */
    private static JsonNode awaitDone(TestServer server, long seq) throws Exception {
        JsonNode t = null;
        for (int i = 0; i < 600; i++) {
            t = server.get("/api/v1/latency")
                    .json()
                    .path("push")
                    .path("webpush")
                    .path("events")
                    .path(0);
            if (t.path("done").asBoolean()
                    && t.path("planned").asInt() > 0
                    && (seq < 0 || t.path("seq").asLong() == seq)) return t;
            Thread.sleep(50);
        }
        throw new AssertionError("the event's pushes did not finish: " + t);
    }
}
