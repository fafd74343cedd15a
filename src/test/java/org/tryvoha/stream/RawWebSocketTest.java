package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.ServerTestBase;
import org.tryvoha.TestServer;
import org.tryvoha.json.Json;

/**
 * The WebSocket on the bare Netty channel ({@link RawWebSocket}), byte by byte over a plain socket:
 * the handshake and its refusals, pings, size limits, protocol violations and both ways of closing.
 */
class RawWebSocketTest extends ServerTestBase {
    static final String KH_HROMADA = "UA63120270000028556";
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ=="; // RFC 6455 §1.3's example

    /** One HTTP answer: status line, headers (lower-case names) and body. */
    record Head(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }
    }

    static String handshake(String path, String... extra) {
        StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : extra) b.append(h).append("\r\n");
        return b.append("\r\n").toString();
    }

    static String good(String path, String... more) {
        String[] h = new String[4 + more.length];
        h[0] = "Upgrade: websocket";
        h[1] = "Connection: Upgrade";
        h[2] = "Sec-WebSocket-Version: 13";
        h[3] = "Sec-WebSocket-Key: " + KEY;
        System.arraycopy(more, 0, h, 4, more.length);
        return handshake(path, h);
    }

    /** Sends a request and reads the answer's head, and its body when it has a Content-Length. */
    static Head send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l; !(l = line(in)).isEmpty(); ) {
            int c = l.indexOf(':');
            headers.put(
                    l.substring(0, c).strip().toLowerCase(Locale.ROOT),
                    l.substring(c + 1).strip());
        }
        String body = "";
        if (headers.containsKey("content-length")) {
            byte[] b = new byte[Integer.parseInt(headers.get("content-length"))];
            in.readFully(b);
            body = new String(b, StandardCharsets.UTF_8);
        }
        return new Head(Integer.parseInt(status.split(" ")[1]), headers, body);
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new EOFException("connection closed; read so far: " + b);
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A client frame: masked, FIN as given. */
    static byte[] frame(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            o.write(0x80 | n);
        } else if (n < 65536) {
            o.write(0x80 | 126);
            o.write(n >>> 8);
            o.write(n);
        } else {
            o.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) o.write((int) ((long) n >>> shift));
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        o.writeBytes(mask);
        for (int i = 0; i < n; i++) o.write(payload[i] ^ mask[i & 3]);
        return o.toByteArray();
    }

    static void write(Socket s, byte[] bytes) throws IOException {
        OutputStream o = s.getOutputStream();
        o.write(bytes);
        o.flush();
    }

    /** A server frame: opcode and payload (servers never mask). */
    record Frame(int opcode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeStatus() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    static Frame read(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertThat(b1 & 0x80).as("server frames are not masked").isZero();
        long n = b1 & 0x7f;
        if (n == 126) n = in.readUnsignedShort();
        else if (n == 127) n = in.readLong();
        byte[] p = new byte[(int) n];
        in.readFully(p);
        return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, p);
    }

    /** The next frame that is not a heartbeat message. */
    static Frame next(Socket s) throws IOException {
        while (true) {
            Frame f = read(s);
            if (f.opcode() != 1 || !f.text().contains("\"type\":\"heartbeat\"")) return f;
        }
    }

    /** True when the server closes the TCP connection (EOF or reset) within the socket's timeout. */
    static boolean closedByServer(Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // drain
            }
            return true;
        } catch (SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    long wsSubscribers() throws Exception {
        return server.get("/api/v1/health")
                .json()
                .path("subscribers")
                .path("ws")
                .asLong();
    }

    void awaitWsSubscribers(long n) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (wsSubscribers() != n && System.nanoTime() < until) Thread.sleep(20);
        assertThat(wsSubscribers()).as("WebSocket subscribers").isEqualTo(n);
    }

    @Test
    void theHandshakeIsAnsweredWithTheRfcAcceptAndTheSecurityHeaders() throws Exception {
        try (Socket s = server.rawSocket()) {
            Head h = send(s, good("/api/v1/ws?zone=" + KH_HROMADA));
            assertThat(h.status()).isEqualTo(101);
            assertThat(h.headers())
                    .containsEntry("upgrade", "websocket")
                    .containsEntry("connection", "Upgrade")
                    .containsEntry("sec-websocket-accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") // RFC 6455 §1.3
                    .containsEntry("x-content-type-options", "nosniff");
            Frame f = next(s);
            assertThat(f.opcode()).isEqualTo(1);
            assertThat(Json.MAPPER.readTree(f.text()).path("type").asText()).isEqualTo("subscribed");
            assertThat(Json.MAPPER.readTree(next(s).text()).path("type").asText())
                    .isEqualTo("state");
            awaitWsSubscribers(1);
        }
        awaitWsSubscribers(0); // an abrupt TCP close leaves the shard too
    }

    @Test
    void aRequestThatIsNotAHandshakeIsRefusedWithAPrecise400() throws Exception {
        try (Socket s = server.rawSocket()) {
            Head h = send(s, handshake("/api/v1/ws"));
            assertThat(h.status()).isEqualTo(400);
            assertThat(h.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(h.json().path("detail").asText()).contains("Upgrade: websocket");
            // the connection is still plain HTTP: a second request on it is answered
            assertThat(send(s, handshake("/api/v1/ws", "Upgrade: websocket"))
                            .json()
                            .path("detail")
                            .asText())
                    .contains("Connection: Upgrade");
        }
    }

    @Test
    void anotherVersionIs426NamingVersion13() throws Exception {
        try (Socket s = server.rawSocket()) {
            Head h = send(
                    s,
                    handshake(
                            "/api/v1/ws",
                            "Upgrade: websocket",
                            "Connection: keep-alive, Upgrade",
                            "Sec-WebSocket-Version: 8",
                            "Sec-WebSocket-Key: " + KEY));
            assertThat(h.status()).isEqualTo(426);
            assertThat(h.headers()).containsEntry("sec-websocket-version", "13");
            assertThat(h.json().path("code").asText()).isEqualTo("upgrade_required");
            assertThat(h.json().path("detail").asText()).contains("Sec-WebSocket-Version 8 is not supported");
        }
        try (Socket s = server.rawSocket()) {
            Head h = send(
                    s,
                    handshake("/api/v1/ws", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY));
            assertThat(h.status()).isEqualTo(426);
            assertThat(h.json().path("detail").asText()).contains("Sec-WebSocket-Version is missing");
        }
    }

    @Test
    void aMissingOrMalformedKeyIs400() throws Exception {
        try (Socket s = server.rawSocket()) {
            Head h = send(
                    s,
                    handshake("/api/v1/ws", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13"));
            assertThat(h.status()).isEqualTo(400);
            assertThat(h.json().path("detail").asText()).contains("Sec-WebSocket-Key is missing");
            h = send(
                    s,
                    handshake(
                            "/api/v1/ws",
                            "Upgrade: websocket",
                            "Connection: Upgrade",
                            "Sec-WebSocket-Version: 13",
                            "Sec-WebSocket-Key: c2hvcnQ="));
            assertThat(h.status()).isEqualTo(400);
            assertThat(h.json().path("detail").asText())
                    .contains("16 bytes in base64")
                    .contains("c2hvcnQ=");
        }
    }

    @Test
    void anotherOriginIsRefusedWith403(@TempDir Path other) throws Exception {
        try (TestServer strict =
                TestServer.start(other, Map.of("TRYVOHA_CORS_ALLOWED_ORIGINS", "https://tryvoha.example"))) {
            try (Socket s = new Socket("127.0.0.1", strict.app.port())) {
                s.setSoTimeout(15_000);
                Head h = send(s, good("/api/v1/ws", "Origin: https://evil.example"));
                assertThat(h.status()).isEqualTo(403);
                assertThat(h.json().path("detail").asText()).contains("origin https://evil.example are not allowed");
            }
            // the server's own origin (the requests say Host: 127.0.0.1) is always allowed
            for (String origin : new String[] {"https://tryvoha.example", "http://127.0.0.1"}) {
                try (Socket s = new Socket("127.0.0.1", strict.app.port())) {
                    s.setSoTimeout(15_000);
                    assertThat(send(s, good("/api/v1/ws", "Origin: " + origin)).status())
                            .as("origin %s", origin)
                            .isEqualTo(101);
                }
            }
        }
    }

    @Test
    void wrongParametersAreRefusedBeforeTheUpgrade() throws Exception {
        try (Socket s = server.rawSocket()) {
            Head h = send(s, good("/api/v1/ws?since=yesterday"));
            assertThat(h.status()).isEqualTo(400);
            assertThat(h.json().path("detail").asText()).contains("since must be an event sequence number");
            h = send(s, good("/api/v1/ws?zone=UA00000000000000000"));
            assertThat(h.status()).isBetween(400, 422);
            assertThat(h.body()).contains("UA00000000000000000");
            h = send(s, good("/api/v1/ws?drills=maybe"));
            assertThat(h.status()).isEqualTo(400);
            assertThat(h.body()).contains("drills");
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayloadAndTheJsonPingStillWorks() throws Exception {
        try (Socket s = server.rawSocket()) {
            assertThat(send(s, good("/api/v1/ws")).status()).isEqualTo(101);
            write(s, frame(0x9, true, "are you there".getBytes(StandardCharsets.UTF_8)));
            Frame pong = next(s);
            assertThat(pong.opcode()).isEqualTo(0xA);
            assertThat(pong.text()).isEqualTo("are you there");
            write(s, frame(0x1, true, "{\"op\":\"ping\"}".getBytes(StandardCharsets.UTF_8)));
            assertThat(next(s).text()).isEqualTo("{\"type\":\"pong\"}");
            // a message in two fragments is put together before it is read
            write(s, frame(0x1, false, "{\"op\":".getBytes(StandardCharsets.UTF_8)));
            write(s, frame(0x0, true, "\"ping\"}".getBytes(StandardCharsets.UTF_8)));
            assertThat(next(s).text()).isEqualTo("{\"type\":\"pong\"}");
            write(s, frame(0x2, true, new byte[] {1, 2, 3}));
            assertThat(next(s).text()).contains("binary messages are not understood");
        }
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() throws Exception {
        try (Socket s = server.rawSocket()) {
            assertThat(send(s, good("/api/v1/ws")).status()).isEqualTo(101);
            write(s, frame(0x1, true, new byte[RawWebSocket.MAX_MESSAGE + 1]));
            Frame close = next(s);
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeStatus()).isEqualTo(1009);
            assertThat(closedByServer(s)).isTrue();
        }
        awaitWsSubscribers(0);
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        try (Socket s = server.rawSocket()) {
            assertThat(send(s, good("/api/v1/ws")).status()).isEqualTo(101);
            write(s, frame(0x1, false, new byte[40_000]));
            write(s, frame(0x0, true, new byte[40_000]));
            Frame close = next(s);
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeStatus()).isEqualTo(1009);
            assertThat(closedByServer(s)).isTrue();
        }
    }

    @Test
    void anUnmaskedClientFrameIsAProtocolError() throws Exception {
        try (Socket s = server.rawSocket()) {
            assertThat(send(s, good("/api/v1/ws")).status()).isEqualTo(101);
            write(s, new byte[] {(byte) 0x81, 2, '{', '}'});
            Frame close = next(s);
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeStatus()).isEqualTo(1002);
            assertThat(closedByServer(s)).isTrue();
        }
    }

    @Test
    void aCloseFromTheClientIsAnsweredAndTheServerClosesTheConnection() throws Exception {
        try (Socket s = server.rawSocket()) {
            assertThat(send(s, good("/api/v1/ws?zone=" + KH_HROMADA)).status()).isEqualTo(101);
            awaitWsSubscribers(1);
            write(s, frame(0x8, true, new byte[] {0x03, (byte) 0xe8, 'b', 'y', 'e'})); // 1000 "bye"
            Frame close;
            do close = next(s);
            while (close.opcode() != 0x8); // the subscribed/state messages may come first
            assertThat(close.closeStatus()).isEqualTo(1000);
            assertThat(closedByServer(s))
                    .as("the server closes the TCP connection after the close handshake")
                    .isTrue();
        }
        awaitWsSubscribers(0);
    }

    /** A WebSocket that stops reading is sent a disconnect message and a close frame with 4000, and its socket is closed. */
    @Test
    void aWebSocketThatNeverReadsIsClosedWith4000AndTheReason(@TempDir Path other) throws Exception {
        try (TestServer small = TestServer.start(other, Map.of("TRYVOHA_SUBSCRIBER_QUEUE_BYTES", "4096"));
                Socket s = small.rawSocket(4096)) {
            assertThat(send(s, good("/api/v1/ws?zone=" + KH_HROMADA)).status()).isEqualTo(101);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (small.get("/api/v1/health")
                                    .json()
                                    .path("subscribers")
                                    .path("ws")
                                    .asLong()
                            != 1
                    && System.nanoTime() < until) Thread.sleep(20);
            String body = SlowSubscriberTest.body();
            int raised = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (raised < SlowSubscriberTest.MAX_ALERTS
                    && System.nanoTime() < deadline
                    && small.get("/api/v1/health")
                                    .json()
                                    .path("subscribers")
                                    .path("ws")
                                    .asLong()
                            > 0) {
                small.raise(body);
                raised++;
            }
            assertThat(small.get("/api/v1/health")
                            .json()
                            .path("subscribers")
                            .path("ws")
                            .asLong())
                    .as("dropped after %d alerts", raised)
                    .isZero();
            Frame f;
            String disconnect = null;
            do {
                f = read(s);
                if (f.opcode() == 1 && f.text().contains("\"type\":\"disconnect\"")) disconnect = f.text();
            } while (f.opcode() != 0x8);
            assertThat(disconnect).as("a disconnect message before the close").contains("slow consumer");
            assertThat(f.closeStatus()).isEqualTo(4000);
            assertThat(f.closeReason()).startsWith("slow consumer");
            write(s, frame(0x8, true, new byte[] {0x0f, (byte) 0xa0})); // answer the close
            assertThat(closedByServer(s)).isTrue();
        }
    }
}
