package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.SseClient;
import org.tryvoha.TestServer;
import org.tryvoha.WsClient;

/** Idle streams carry heartbeats: SSE comments by default, visible events on request, WebSocket messages. */
class HeartbeatTest {
    @TempDir
    Path dir;

    @Test
    void idleStreamsCarryHeartbeats() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("TRYVOHA_HEARTBEAT_SECONDS", "1"))) {
            String url = server.base + "/api/v1/stream?zone=UA63000000000041885";
            HttpResponse<InputStream> raw = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader r = new BufferedReader(new InputStreamReader(raw.body(), StandardCharsets.UTF_8))) {
                String line;
                do line = r.readLine();
                while (line != null && !line.startsWith(": heartbeat"));
                assertThat(line).startsWith(": heartbeat");
            }
            try (SseClient s = SseClient.open(url + "&heartbeat=event", null)) {
                s.next("state", 5);
                SseClient.Message hb = s.next("heartbeat", 5);
                assertThat(hb.id()).isNull();
                assertThat(hb.json().path("seq").asLong()).isZero();
            }
            try (WsClient ws = WsClient.open(server.base.replace("http", "ws") + "/api/v1/ws")) {
                assertThat(ws.next("heartbeat", 5).path("time").asText()).endsWith("Z");
            }
        }
    }
}
