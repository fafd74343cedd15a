package org.tryvoha.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The generator's parsers on byte streams cut at every possible place, and its per-event counts. */
class WireTest {
    private static final class Seen implements Wire.Sink {
        final List<String> got = new ArrayList<>();

        @Override
        public void event(long seq) {
            got.add("event " + seq);
        }

        @Override
        public void ready() {
            got.add("ready");
        }
    }

    /** Feeds {@code stream} in two reads split at every offset, and once whole; each must see {@code expected}. */
    private static void everySplit(Supplier<Wire> parser, byte[] stream, String... expected) {
        for (int cut = 0; cut <= stream.length; cut++) {
            Seen s = new Seen();
            Wire w = parser.get();
            byte[] read = new byte[stream.length + 20]; // the generator's buffer holds other bytes around a read
            System.arraycopy(stream, 0, read, 7, cut);
            w.feed(read, 7, 7 + cut, s);
            System.arraycopy(stream, cut, read, 3, stream.length - cut);
            w.feed(read, 3, 3 + stream.length - cut, s);
            assertThat(s.got).as("split at " + cut).containsExactly(expected);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String chunk(String s) {
        return Integer.toHexString(s.length()) + "\r\n" + s + "\r\n";
    }

    @Test
    void sseReadsIdsOfAlertEventsAndStateAsReadyAcrossChunksAndReads() {
        String data = "data: {\"type\":\"event\",\"seq\":41,\"kind\":\"raised\",\"zone\":\"UA-63\",\"payload\":\""
                + "x".repeat(200) + "\"}\n\n";
        String body = chunk("event: state\ndata: {}\n\n")
                + chunk("id: 41\nevent: alert\n" + data)
                + chunk("id: 42\nevent: zone\ndata: {}\n\n") // not an alert: not counted
                + chunk("id: 43\nev")
                + chunk("ent: alert\ndata: {}\n")
                + chunk("\n");
        byte[] stream = ascii(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        everySplit(() -> new Wire.Sse(false), stream, "ready", "event 41", "event 43");
    }

    @Test
    void sseRefusesAnUnexpectedStatus() {
        Seen s = new Seen();
        byte[] r = ascii("HTTP/1.1 404 Not Found\r\n\r\n");
        try {
            new Wire.Sse(false).feed(r, 0, r.length, s);
            throw new AssertionError("accepted a 404");
        } catch (IllegalStateException expected) {
            assertThat(expected.getMessage()).contains("404");
        }
    }

    @Test
    void webSocketReadsTheSeqOfEventMessagesOfEveryLengthEncoding() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"));
        frame(b, "{\"type\":\"state\",\"zones\":[]}");
        frame(b, "{\"type\":\"event\",\"seq\":7,\"kind\":\"raised\"}");
        frame(b, "{\"type\":\"event\",\"seq\":8,\"payload\":\"" + "y".repeat(300) + "\"}"); // 16-bit length
        frame(b, "{\"type\":\"pong\"}");
        everySplit(() -> new Wire.Ws(false), b.toByteArray(), "ready", "event 7", "event 8");
    }

    private static void frame(ByteArrayOutputStream b, String text) {
        byte[] p = ascii(text);
        b.write(0x81);
        if (p.length < 126) b.write(p.length);
        else {
            b.write(126);
            b.write(p.length >> 8);
            b.write(p.length & 0xFF);
        }
        b.writeBytes(p);
    }

    @Test
    void natsReadsMsgPayloadsAndAnswersPings() {
        byte[] p = Wire.payload(12, Bench.PAYLOAD);
        String msg = "MSG tryvoha.bench 1 " + p.length + "\r\n" + new String(p, StandardCharsets.US_ASCII) + "\r\n";
        byte[] stream =
                ascii("INFO {\"server_id\":\"x\"}\r\nPONG\r\n" + msg + "PING\r\n" + msg.replace("seq=12;", "seq=13;"));
        everySplit(Wire.Nats::new, stream, "ready", "event 12", "event 13");
        Wire.Nats n = new Wire.Nats();
        n.feed(stream, 0, stream.length, new Seen());
        assertThat(n.pingReceived).isTrue();
    }

    @Test
    void theFloorsRecordsAreCutByLength() {
        byte[] a = Wire.payload(5, Bench.PAYLOAD), b = Wire.payload(6, Bench.PAYLOAD);
        byte[] stream = new byte[a.length + b.length];
        System.arraycopy(a, 0, stream, 0, a.length);
        System.arraycopy(b, 0, stream, a.length, b.length);
        everySplit(() -> new Wire.Raw(Bench.PAYLOAD), stream, "event 5", "event 6");
    }

    @Test
    void mqttReadsPublishesSplitAnywhere() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x20, 2, 0, 0}); // CONNACK
        b.writeBytes(new byte[] {(byte) 0x90, 3, 0, 1, 0}); // SUBACK
        b.writeBytes(Mqtt.publish(Bench.TOPIC, Wire.payload(21, Bench.PAYLOAD)));
        b.writeBytes(Mqtt.publish(Multi.MQTT_EVENTS, ascii("{\"type\":\"event\",\"seq\":22}")));
        everySplit(Wire.Mqtt::new, b.toByteArray(), "ready", "event 21", "event 22");
    }

    @Test
    void eventsCountDeliveriesWithTheirFirstAndLastArrivalAndGrowWithoutLosingAny() {
        Generator.Events e = new Generator.Events(16);
        for (long seq = 1000; seq < 1300; seq++) {
            for (int k = 0; k < 3; k++)
                assertThat(e.add(seq, seq * 10 + (k == 1 ? -5 : k))).isEqualTo(k + 1);
        }
        assertThat(e.size()).isEqualTo(300);
        assertThat(e.get(1000)).containsExactly(3, 9995, 10002);
        assertThat(e.get(1299)).containsExactly(3, 12985, 12992);
        assertThat(e.get(999)).isNull();
        e.add(-1, 4); // a record without a readable seq is still a delivery, not a lost one
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(301);
        assertThat(lines[0]).isEqualTo("E -1 1 4 4");
        assertThat(lines[1]).isEqualTo("E 1000 3 9995 10002");
        assertThat(lines[300]).isEqualTo("E 1299 3 12985 12992");
        assertThat(e.size()).as("a dump forgets what it printed").isZero();
        assertThat(e.get(1000)).isNull();
    }
}
