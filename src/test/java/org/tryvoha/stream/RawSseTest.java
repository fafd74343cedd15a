package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.stream.RawWebSocketTest.closedByServer;
import static org.tryvoha.stream.RawWebSocketTest.line;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.ServerTestBase;
import org.tryvoha.SseClient;
import org.tryvoha.TestServer;
import org.tryvoha.stream.RawWebSocketTest.Head;

/**
 * Server-Sent Events on the bare Netty channel ({@link RawSse}), byte by byte over a plain socket:
 * the response head, every message as one HTTP chunk, heartbeats, the last chunk when the server
 * ends the stream, a client that closes, half-closes or sends what it should not.
 */
class RawSseTest extends ServerTestBase {
    static final String HROMADA = SpineFlowTest.KHARKIV_HROMADA;

    static String get(String path, String... extra) {
        StringBuilder b =
                new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n");
        for (String h : extra) b.append(h).append("\r\n");
        return b.append("\r\n").toString();
    }

    /** One chunk of a chunked body (RFC 9112 §7.1): its data, or null for the last chunk (whose trailer section must be empty). */
    static String chunk(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        String size = line(in);
        int n = Integer.parseInt(size, 16);
        if (n == 0) {
            assertThat(line(in)).as("no trailers after the last chunk").isEmpty();
            return null;
        }
        byte[] data = new byte[n];
        in.readFully(data);
        assertThat(line(in)).as("CRLF after the chunk's data").isEmpty();
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The next chunk that is not a heartbeat comment. */
    static String message(Socket s) throws IOException {
        while (true) {
            String c = chunk(s);
            if (c == null || !c.startsWith(": heartbeat")) return c;
        }
    }

    static long sseSubscribers(TestServer on) throws Exception {
        return on.get("/api/v1/health").json().path("subscribers").path("sse").asLong();
    }

    static void awaitSseSubscribers(TestServer on, long n) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sseSubscribers(on) != n && System.nanoTime() < until) Thread.sleep(20);
        assertThat(sseSubscribers(on)).as("SSE subscribers").isEqualTo(n);
    }

    /** Opens a stream of {@link #HROMADA} and reads its head, preamble and state. */
    static Socket subscribed(TestServer on) throws Exception {
        Socket s = on.rawSocket();
        assertThat(RawWebSocketTest.send(s, get("/api/v1/stream?zone=" + HROMADA))
                        .status())
                .isEqualTo(200);
        assertThat(chunk(s)).startsWith(": tryvoha stream for");
        assertThat(message(s)).contains("event: state");
        return s;
    }

    /** Every test closes its streams; the server notices each close on its own time. */
    @BeforeEach
    void noStreamLeft() throws Exception {
        awaitSseSubscribers(server, 0);
    }

    @Test
    void theHeadIsAnsweredOnTheChannelAndEveryMessageIsOneChunk() throws Exception {
        try (Socket s = server.rawSocket()) {
            Head h = RawWebSocketTest.send(
                    s, get("/api/v1/stream?zone=" + HROMADA, "Origin: https://elsewhere.example"));
            assertThat(h.status()).isEqualTo(200);
            assertThat(h.headers())
                    .containsEntry("content-type", "text/event-stream; charset=utf-8")
                    .containsEntry("cache-control", "no-cache, no-transform")
                    .containsEntry("x-accel-buffering", "no")
                    .containsEntry("transfer-encoding", "chunked")
                    .containsEntry("x-content-type-options", "nosniff")
                    .containsEntry("access-control-allow-origin", "*")
                    .containsEntry("vary", "Origin")
                    .doesNotContainKey("content-length")
                    .doesNotContainKey("connection");
            assertThat(chunk(s)).isEqualTo(": tryvoha stream for " + HROMADA + "\nretry: 2000\n\n");
            assertThat(message(s)).matches("(?s)id: \\d+\nevent: state\ndata: \\{\"type\":\"state\".*\\}\n\n");
            awaitSseSubscribers(server, 1);
            long seq =
                    server.raise(SpineFlowTest.raiseBody(HROMADA)).path("seq").asLong();
            assertThat(message(s))
                    .startsWith("id: " + seq + "\nevent: alert\ndata: {\"type\":\"event\",\"seq\":" + seq)
                    .endsWith("}\n\n");
        }
        awaitSseSubscribers(server, 0); // the client closed: noticed, and the subscriber left its shard
    }

    @Test
    void aClientAskingToCloseIsToldSoInTheHead() throws Exception {
        try (Socket s = server.rawSocket()) {
            Head h = RawWebSocketTest.send(s, get("/api/v1/stream?zone=" + HROMADA, "Connection: close"));
            assertThat(h.status()).isEqualTo(200);
            assertThat(h.headers()).containsEntry("connection", "close").containsEntry("transfer-encoding", "chunked");
            assertThat(chunk(s)).startsWith(": tryvoha stream for");
        }
    }

    @Test
    void aResumeSendsTheMissedEventsAsChunks() throws Exception {
        long first = server.raise(SpineFlowTest.raiseBody(HROMADA)).path("seq").asLong();
        long second = server.raise(SpineFlowTest.raiseBody(HROMADA)).path("seq").asLong();
        for (String how : new String[] {"?last_event_id=" + (first - 1) + "&zone=", "?zone="}) {
            try (Socket s = server.rawSocket()) {
                String request = how.startsWith("?last")
                        ? get("/api/v1/stream" + how + HROMADA)
                        : get("/api/v1/stream" + how + HROMADA, "Last-Event-ID: " + (first - 1));
                assertThat(RawWebSocketTest.send(s, request).status()).isEqualTo(200);
                assertThat(chunk(s)).startsWith(": tryvoha stream for");
                assertThat(message(s)).as(how).startsWith("id: " + first + "\nevent: alert\n");
                assertThat(message(s)).as(how).startsWith("id: " + second + "\nevent: alert\n");
            }
        }
    }

    @Test
    void refusalsStayPlainHttpAnswersOnAConnectionThatGoesOn() throws Exception {
        try (Socket s = server.rawSocket()) {
            Head h = RawWebSocketTest.send(s, get("/api/v1/stream?zone=" + HROMADA, "Last-Event-ID: yesterday"));
            assertThat(h.status()).isEqualTo(400);
            assertThat(h.json().path("detail").asText())
                    .isEqualTo("Last-Event-ID must be an event sequence number (0 or more), got 'yesterday'");
            h = RawWebSocketTest.send(s, get("/api/v1/stream"));
            assertThat(h.status()).isEqualTo(422);
            assertThat(h.json().path("detail").asText()).contains("give zone=ID (repeatable) or lat=..&lon=..");
            h = RawWebSocketTest.send(s, get("/api/v1/stream?drills=maybe&zone=" + HROMADA));
            assertThat(h.status()).isEqualTo(400);
            assertThat(h.body()).contains("drills");
            // the same connection then becomes a stream
            assertThat(RawWebSocketTest.send(s, get("/api/v1/stream?zone=" + HROMADA))
                            .status())
                    .isEqualTo(200);
            assertThat(chunk(s)).startsWith(": tryvoha stream for");
        }
    }

    @Test
    void aRequestBodyAndAPipelinedRequestAreDroppedAndTheStreamGoesOn() throws Exception {
        try (Socket s = server.rawSocket()) {
            String request = get("/api/v1/stream?zone=" + HROMADA, "Content-Length: 5") + "hello"
                    + "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            assertThat(RawWebSocketTest.send(s, request).status()).isEqualTo(200);
            assertThat(chunk(s)).startsWith(": tryvoha stream for");
            assertThat(message(s)).contains("event: state");
            RawWebSocketTest.write(s, "more bytes nobody asked for\r\n".getBytes(StandardCharsets.US_ASCII));
            long seq =
                    server.raise(SpineFlowTest.raiseBody(HROMADA)).path("seq").asLong();
            // the next bytes are a chunk (chunk() fails on anything else, such as an answer to the health request)
            assertThat(message(s)).startsWith("id: " + seq + "\nevent: alert\n");
        }
    }

    @Test
    void aClientThatSendsTooMuchIsClosedAndTheOthersGoOn() throws Exception {
        try (SseClient other = SseClient.open(server.base + "/api/v1/stream?zone=" + HROMADA, null);
                Socket flood = subscribed(server)) {
            other.next("state", 5);
            awaitSseSubscribers(server, 2);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream o = flood.getOutputStream();
                    byte[] junk = new byte[8192];
                    for (int i = 0; i < 4 * RawSse.MAX_IGNORED / junk.length; i++) o.write(junk);
                } catch (IOException closed) {
                    // the server cut it off
                }
            });
            flood.setSoTimeout(10_000); // shorter than the heartbeat interval: a connection left open is seen as one
            assertThat(closedByServer(flood))
                    .as("the flooding connection is closed by the server")
                    .isTrue();
            writer.join(TimeUnit.SECONDS.toMillis(15));
            awaitSseSubscribers(server, 1);
            long seq =
                    server.raise(SpineFlowTest.raiseBody(HROMADA)).path("seq").asLong();
            assertThat(other.next("alert", 5).id()).isEqualTo(Long.toString(seq));
        }
    }

    @Test
    void aHalfCloseIsNoticed() throws Exception {
        try (Socket s = subscribed(server)) {
            awaitSseSubscribers(server, 1);
            s.shutdownOutput();
            s.setSoTimeout(10_000); // shorter than the heartbeat interval
            assertThat(closedByServer(s)).isTrue();
        }
        awaitSseSubscribers(server, 0);
    }

    @Test
    void heartbeatsAreChunksToo(@TempDir Path other) throws Exception {
        try (TestServer beating = TestServer.start(other, Map.of("TRYVOHA_HEARTBEAT_SECONDS", "1"))) {
            try (Socket s = beating.rawSocket()) {
                assertThat(RawWebSocketTest.send(s, get("/api/v1/stream?zone=" + HROMADA))
                                .status())
                        .isEqualTo(200);
                String c;
                do c = chunk(s);
                while (!c.startsWith(": heartbeat"));
                assertThat(c).matches(": heartbeat \\S+Z seq \\d+\n\n");
            }
            try (Socket s = beating.rawSocket()) {
                assertThat(RawWebSocketTest.send(s, get("/api/v1/stream?heartbeat=event&zone=" + HROMADA))
                                .status())
                        .isEqualTo(200);
                String c;
                do c = chunk(s);
                while (!c.startsWith("event: heartbeat"));
                assertThat(c)
                        .matches(
                                "event: heartbeat\ndata: \\{\"type\":\"heartbeat\",\"seq\":\\d+,\"time\":\"\\S+Z\"\\}\n\n");
            }
        }
    }

    /** A stream the server ends (here: a client that stopped reading) gets the disconnect event, the last chunk, then the end of the connection. */
    @Test
    void aStreamTheServerEndsFinishesWithTheLastChunkAndTheSocketCloses(@TempDir Path other) throws Exception {
        try (TestServer small = TestServer.start(other, Map.of("TRYVOHA_SUBSCRIBER_QUEUE_BYTES", "4096"));
                Socket s = small.rawSocket(4096)) {
            RawWebSocketTest.write(s, get("/api/v1/stream?zone=" + HROMADA).getBytes(StandardCharsets.US_ASCII));
            awaitSseSubscribers(small, 1);
            String body = SlowSubscriberTest.body();
            int raised = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (raised < SlowSubscriberTest.MAX_ALERTS
                    && System.nanoTime() < deadline
                    && sseSubscribers(small) > 0) {
                small.raise(body);
                raised++;
            }
            assertThat(sseSubscribers(small))
                    .as("dropped after %d alerts", raised)
                    .isZero();
            assertThat(RawWebSocketTest.send(s, "").status()).isEqualTo(200); // the head, then read what was sent
            String c, last = null;
            while ((c = message(s)) != null) last = c;
            assertThat(last)
                    .as("the disconnect event is the last message")
                    .startsWith("event: disconnect\ndata: {")
                    .contains("slow consumer");
            assertThat(endOfStream(s))
                    .as("the server closes the connection after the last chunk")
                    .isTrue();
        }
    }

    /** EOF or a reset next, with no byte before it. */
    static boolean endOfStream(Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }
}
