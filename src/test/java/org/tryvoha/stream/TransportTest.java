package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tryvoha.SseClient;
import org.tryvoha.TestServer;
import org.tryvoha.json.Json;

/**
 * The streams write below Netty's encoders on whatever channel the transport made: on each of
 * epoll, io_uring and nio, WebSocket and SSE subscribers get every event, and a subscriber that
 * reads late (a small receive window, so the server's writes are partial and wait for the socket to
 * become writable) still gets all of them once it reads. Where the transport is not available the
 * server refuses to start and says why.
 */
class TransportTest {
    static final String KH_HROMADA = "UA63120270000028556";
    static final int EVENTS = 8; // ~26 kB each: well past a 4 kB window, under the 256 kB queue limit

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void everySubscriberGetsEveryEventOnThisTransport(String name) throws Exception {
        Transport wanted = switch (name) {
            case "epoll" -> Transport.EPOLL;
            case "io_uring" -> Transport.IO_URING;
            default -> Transport.NIO;
        };
        if (!wanted.available()) {
            assertThatThrownBy(() -> TestServer.start(dir, Map.of("TRYVOHA_TRANSPORT", name)))
                    .hasMessageStartingWith("transport " + name + " is not available here: ");
            return;
        }
        try (TestServer server = TestServer.start(dir, Map.of("TRYVOHA_TRANSPORT", name));
                SharedBytesTest.RawWs ws =
                        SharedBytesTest.RawWs.open(server.app.port(), "/api/v1/ws?zone=" + KH_HROMADA);
                SseClient sse = SseClient.open(server.base + "/api/v1/stream?zone=" + KH_HROMADA, null);
                Socket late = lateReader(server.app.port())) {
            ws.nextOfType("state");
            sse.next("state", 5);
            String body = SlowSubscriberTest.body();
            List<Long> raised = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++)
                raised.add(server.raise(body).path("seq").asLong());

            List<Long> wsSeqs = new ArrayList<>(), sseIds = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                wsSeqs.add(Json.MAPPER
                        .readTree(SharedBytesTest.payload(ws.nextOfType("event")))
                        .path("seq")
                        .asLong());
                SseClient.Message m = sse.next(10);
                assertThat(m.event()).isEqualTo("alert");
                sseIds.add(Long.parseLong(m.id()));
            }
            assertThat(wsSeqs).as("ws on %s", name).containsExactlyElementsOf(raised);
            assertThat(sseIds).as("sse on %s", name).containsExactlyElementsOf(raised);
            assertThat(alertIds(late, EVENTS)).as("the late reader on %s", name).containsExactlyElementsOf(raised);
        }
    }

    /** An SSE connection with a 4 kB receive window that reads nothing until asked. */
    static Socket lateReader(int port) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096); // before connecting, so the window stays small
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream o = s.getOutputStream();
        o.write(("GET /api/v1/stream?zone=" + KH_HROMADA
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        o.flush();
        return s;
    }

    /** Reads {@code s} until it has carried {@code n} alerts (or 10 s of silence); their ids. */
    static List<Long> alertIds(Socket s, int n) throws Exception {
        s.setSoTimeout(10_000);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        List<Long> ids = new ArrayList<>();
        while (ids.size() < n) {
            int r = in.read(buf);
            if (r < 0) break;
            wire.write(buf, 0, r);
            ids.clear();
            Matcher m = SlowSubscriberTest.ALERT_ID.matcher(wire.toString(StandardCharsets.UTF_8));
            while (m.find()) ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }
}
