package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.json.Json;

/**
 * Encode once, write many: several WebSocket subscribers of a zone receive byte-identical event
 * frames (read raw off the socket), and the latency endpoint reports the delivery.
 */
class SharedBytesTest {
    static final String KHARKIV_HROMADA = "UA63120270000028556";

    @TempDir
    Path dir;

    @Test
    void everyWebSocketSubscriberGetsTheSameFrameBytes() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            int port = Integer.parseInt(server.base.substring(server.base.lastIndexOf(':') + 1));
            List<RawWs> subs = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) subs.add(RawWs.open(port, "/api/v1/ws?zone=" + KHARKIV_HROMADA));
                for (RawWs s : subs) s.nextOfType("state");
                long seq = server.raise(SpineFlowTest.raiseBody("UA63000000000041885"))
                        .path("seq")
                        .asLong();
                List<byte[]> frames = new ArrayList<>();
                for (RawWs s : subs) frames.add(s.nextOfType("event"));
                JsonNode m = Json.MAPPER.readTree(payload(frames.get(0)));
                assertThat(m.path("seq").asLong()).isEqualTo(seq);
                assertThat(frames.get(0)[0] & 0xFF).isEqualTo(0x81); // FIN + text, unmasked (server to client)
                for (byte[] f : frames) assertThat(f).isEqualTo(frames.get(0));
            } finally {
                for (RawWs s : subs) s.close();
            }

            JsonNode lat = server.get("/api/v1/latency").json();
            JsonNode ws = lat.path("channels").path("ws");
            assertThat(ws.path("samples").asInt()).isPositive();
            assertThat(ws.path("deliveries_total").asLong()).isEqualTo(3);
            assertThat(ws.path("commit_to_write_ms").path("p50").isNumber()).isTrue();
            assertThat(ws.path("fanout_ms").path("p99").isNumber()).isTrue();
            assertThat(lat.path("channels").path("sse").path("samples").asInt()).isZero();
            assertThat(lat.path("heap_used_bytes").asLong()).isPositive();
            assertThat(lat.path("rss_bytes").asLong()).isPositive();
        }
    }

    static String payload(byte[] frame) {
        int len = frame[1] & 0x7F, off = 2;
        if (len == 126) off = 4;
        else if (len == 127) off = 10;
        return new String(frame, off, frame.length - off, StandardCharsets.UTF_8);
    }

    /** A minimal blocking WebSocket client that returns whole frames exactly as they came off the wire. */
    static final class RawWs implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;

        private RawWs(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
        }

        static RawWs open(int port, String path) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawWs ws = new RawWs(s);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) head.write(ws.in.readUnsignedByte());
            assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
            return ws;
        }

        byte[] frame() throws IOException {
            int b0 = in.readUnsignedByte(), b1 = in.readUnsignedByte();
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(b0);
            f.write(b1);
            long len = b1 & 0x7F;
            if (len == 126) {
                int l = in.readUnsignedShort();
                f.write(l >> 8);
                f.write(l);
                len = l;
            } else if (len == 127) {
                len = in.readLong();
                for (int i = 7; i >= 0; i--) f.write((int) (len >> (8 * i)));
            }
            byte[] p = new byte[(int) len];
            in.readFully(p);
            f.write(p);
            return f.toByteArray();
        }

        byte[] nextOfType(String type) throws IOException {
            for (int i = 0; i < 100; i++) {
                byte[] f = frame();
                if (Json.MAPPER.readTree(payload(f)).path("type").asText().equals(type)) return f;
            }
            throw new AssertionError("no '" + type + "' frame");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
