package org.tryvoha.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * The mixed benchmark's simulated sirens against a real server and a private Mosquitto: each siren
 * inside the alert gets exactly one command per change and acknowledges it, and the checker counts a
 * command on a siren said to be outside (stray) and a siren said to be inside that gets none (missing).
 */
class SirenGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void sirensInsideGetOneCommandPerChangeAndTheCheckerCatchesStraysAndMissing() throws Exception {
        ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        String kharkivCity = tree.zonesAt(49.9935, 36.2304).get(0).id(),
                izium = tree.zonesAt(49.2103, 37.2563).get(0).id();
        String lviv = tree.zonesAt(49.8397, 24.0297).get(0).id(),
                odesa = tree.zonesAt(46.4825, 30.7233).get(0).id();
        // honest: two in Kharkiv oblast, two elsewhere; lying: one inside called "out", one outside called "in"
        List<String> honest = List.of(
                "t-1 " + kharkivCity + " in", "t-2 " + izium + " in", "t-3 " + lviv + " out", "t-4 " + odesa + " out");
        List<String> lying = List.of("t-5 " + kharkivCity + " out", "t-6 " + lviv + " in");
        List<String> every = new ArrayList<>(honest);
        every.addAll(lying);
        Path file = dir.resolve("sirens.json");
        Files.writeString(file, Multi.registry(every));
        int port = Targets.freePort();
        Process broker = Targets.startBroker("mqtt", port, dir.resolve("mosquitto.log"));
        try (TestServer server = TestServer.start(
                dir.resolve("data"),
                Map.of(
                        "TRYVOHA_MQTT_URL",
                        "mqtt://127.0.0.1:" + port,
                        "TRYVOHA_MQTT_HA_ZONES",
                        "none",
                        "TRYVOHA_SIRENS_FILE",
                        file.toString()))) {
            awaitConnected(server);
            List<String> fast = List.of("heartbeat-ms=300");
            try (Gens good = new Gens(
                            List.of(new Gens.Group("good", "siren", port, honest, 0, Multi.MQTT_PREFIX, 1)),
                            dir,
                            120,
                            fast);
                    Gens bad = new Gens(
                            List.of(new Gens.Group("bad", "siren", port, lying, 0, Multi.MQTT_PREFIX, 1)),
                            dir,
                            120,
                            fast)) {
                assertThat(good.awaitReady(60, System.nanoTime(), new LinkedHashMap<>()))
                        .isEqualTo(4);
                assertThat(bad.awaitReady(60, System.nanoTime(), new LinkedHashMap<>()))
                        .isEqualTo(2);
                Map<Long, Long> sent = new LinkedHashMap<>();
                JsonNode raised = server.raise("{\"type\":\"air_raid\",\"zones\":[\"" + Population.KHARKIV_OBLAST
                        + "\"],\"message\":{\"uk\":\"Т\",\"en\":\"A\"}}");
                sent.put(raised.get("seq").asLong(), Bench.nowMicros());
                assertThat(good.awaitComplete(raised.get("seq").asLong(), 30_000))
                        .isTrue();
                JsonNode cancelled = server.cancel(raised.get("alert").get("id").asText());
                sent.put(cancelled.get("seq").asLong(), Bench.nowMicros());
                assertThat(good.awaitComplete(cancelled.get("seq").asLong(), 30_000))
                        .isTrue();

                Gens.Dump g = good.dump(30);
                Map<String, Object> rg = new LinkedHashMap<>();
                Bench.summarise(
                        g.byGroup().get("good"),
                        sent,
                        4,
                        Map.of(
                                raised.get("seq").asLong(),
                                2,
                                cancelled.get("seq").asLong(),
                                2),
                        rg);
                Multi.sirenErrors(g.sirens().get("good"), 2, rg);
                assertThat(rg.get("deliveries")).isEqualTo(4L); // t-1 and t-2, one command each per change
                assertThat(rg.get("commands_outside")).isEqualTo(0L);
                assertThat(rg.get("commands_wrong_action")).isEqualTo(0L);
                assertThat(rg.get("commands_duplicate")).isEqualTo(0L);
                assertThat(rg.get("retained_on_subscribe")).isEqualTo(4L); // each siren's current command on subscribe
                assertThat((Long) rg.get("acks_sent")).isEqualTo(8L); // 4 retained + 2 × 2 live
                assertThat(rg.get("errors_missing_or_extra")).isEqualTo(0L);

                // the siren outside the alert that the lying generator calls "in" never gets one; t-5 (inside, called
                // "out") gets both
                Map<Long, long[]> badEvents = new HashMap<>();
                long[] counters = new long[6];
                long end = System.nanoTime() + 30_000_000_000L;
                while (counters[0] < 2
                        && System.nanoTime() < end) { // the counters add up over the run; the events are per dump
                    Gens.Dump b = bad.dump(30);
                    b.byGroup().get("bad").forEach((seq, e) -> Gens.merge(badEvents, seq, e[0], e[1], e[2]));
                    counters = b.sirens().get("bad");
                    if (counters[0] < 2) Thread.sleep(100);
                }
                Map<String, Object> rb = new LinkedHashMap<>();
                Bench.summarise(
                        badEvents,
                        sent,
                        2,
                        Map.of(
                                raised.get("seq").asLong(),
                                1,
                                cancelled.get("seq").asLong(),
                                1),
                        rb);
                Multi.sirenErrors(counters, 1, rb);
                assertThat(rb.get("commands_outside")).isEqualTo(2L);
                assertThat(rb.get("errors_missing_or_extra")).isEqualTo(4L); // 2 missing on t-6, 2 strays on t-5

                // the server saw every siren's heartbeats and acks: all ok, the inside ones acknowledged
                TestAwait.until("every siren ok with a heartbeat", () -> {
                    JsonNode f = server.send("GET", "/api/v1/sirens", null, server.adminKey)
                            .json();
                    return f.get("counts").get("ok").asInt() == 6;
                });
                for (JsonNode r : server.send("GET", "/api/v1/sirens", null, server.adminKey)
                        .json()
                        .get("sirens")) {
                    boolean inside =
                            List.of("t-1", "t-2", "t-5").contains(r.get("id").asText());
                    assertThat(r.get("command").get("action").asText()).isEqualTo("deactivate");
                    long seq = r.get("command").get("seq").asLong();
                    if (inside) assertThat(seq).isEqualTo(cancelled.get("seq").asLong()); // the change it follows from
                    else assertThat(seq).isLessThan(raised.get("seq").asLong()); // never changed
                    assertThat(r.hasNonNull("acked_at")).as(r.toString()).isTrue();
                }
                assertThat(good.dump(30).sirens().get("good")[4])
                        .as("heartbeats")
                        .isGreaterThan(0);
            }
        } finally {
            Targets.stop(broker);
        }
    }

    @Test
    void aSirensParserReadsRetainFlagQosPacketIdAndTheCommand() {
        List<String> seen = new ArrayList<>();
        Wire.Siren.Commands sink = new Wire.Siren.Commands() {
            @Override
            public void publish(boolean retained, int qos, int packetId, byte[] p, int from, int to) {
                seen.add(retained + " " + qos + " " + packetId + " " + Wire.Siren.text(p, from, to, "id") + " "
                        + Wire.Siren.text(p, from, to, "action") + " " + Wire.Siren.number(p, from, to, "seq"));
            }

            @Override
            public void event(long seq) {}

            @Override
            public void ready() {
                seen.add("ready");
            }
        };
        byte[] cmd =
                "{\"id\":\"c-1\",\"action\":\"activate\",\"alert\":\"a\",\"exercise\":false,\"at\":\"2026-11-24T00:00:00Z\",\"seq\":42}"
                        .getBytes(StandardCharsets.UTF_8);
        byte[] suback = {(byte) 0x90, 3, 0, 1, 1};
        byte[] puback = Mqtt.puback(3);
        byte[] retained = Mqtt.publishQos1(7, "tryvoha/sirens/s/command", cmd, true);
        byte[] live = Mqtt.publishQos1(300, "tryvoha/sirens/s/command", cmd, false);
        ByteBuffer all = ByteBuffer.allocate(1024)
                .put(suback)
                .put(puback)
                .put(retained)
                .put(live)
                .flip();
        Wire w = new Wire.Siren();
        while (all.hasRemaining()) { // one byte at a time: a packet may arrive in any number of reads
            ByteBuffer one = ByteBuffer.wrap(new byte[] {all.get()});
            w.feed(one, sink);
        }
        assertThat(seen).containsExactly("ready", "true 1 7 c-1 activate 42", "false 1 300 c-1 activate 42");
    }

    private static void awaitConnected(TestServer server) throws Exception {
        TestAwait.until(
                "the server's MQTT delivery connected",
                () -> server.send("GET", "/api/v1/sirens", null, server.adminKey)
                        .json()
                        .get("mqtt")
                        .get("connected")
                        .asBoolean());
    }

    /** Polls a condition for up to 30 s. */
    static final class TestAwait {
        interface Check {
            boolean ok() throws Exception;
        }

        static void until(String what, Check c) throws Exception {
            long end = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < end) {
                if (c.ok()) return;
                Thread.sleep(100);
            }
            throw new AssertionError(what + ": not within 30 s");
        }
    }
}
