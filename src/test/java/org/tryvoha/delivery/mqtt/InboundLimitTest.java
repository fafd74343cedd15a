package org.tryvoha.delivery.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.delivery.mqtt.Mqtt.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;

/**
 * One bad device cannot cut the fleet's link: messages of 9 KB and more, bytes that are not UTF-8
 * and unreadable acks on the sirens' topics are dropped and counted, the server's broker connection
 * stays, and nothing is republished.
 */
class InboundLimitTest {
    static final String KHARKIV = "UA63000000000041885";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static TestServer server;
    static Mqtt probe;
    static String prefix;

    @BeforeAll
    static void start() throws Exception {
        Mqtt.requireSharedBroker();
        prefix = Mqtt.uniquePrefix("inbound");
        Path file = dir.resolve("sirens.json");
        Files.writeString(
                file, "[{\"id\":\"bad\",\"zone\":\"" + KHARKIV + "\"},{\"id\":\"good\",\"zone\":\"" + KHARKIV + "\"}]");
        server = TestServer.start(
                dir.resolve("data"),
                Map.of(
                        "TRYVOHA_MQTT_URL",
                        "mqtt://127.0.0.1:1883",
                        "TRYVOHA_MQTT_TOPIC_PREFIX",
                        prefix,
                        "TRYVOHA_MQTT_HA_ZONES",
                        "none",
                        "TRYVOHA_SIRENS_FILE",
                        file.toString()));
        probe = Mqtt.connect(Mqtt.SHARED_PORT).subscribe(prefix + "/#");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (probe != null) {
            probe.clearRetained(prefix);
            probe.close();
        }
    }

    static JsonNode mqtt() throws Exception {
        return server.send("GET", "/api/v1/sirens", null, server.adminKey)
                .json()
                .get("mqtt");
    }

    static String siren(String id, String kind) {
        return prefix + "/sirens/" + id + "/" + kind;
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    @Test
    void oversizedAndMalformedMessagesAreDroppedAndCountedAndTheLinkStays() throws Exception {
        await(
                "every zone's retained state",
                WAIT,
                () -> probe.all.stream()
                                .filter(m -> m.topic().endsWith("/state"))
                                .count()
                        >= 1633);
        probe.settle();
        JsonNode before = mqtt();
        assertThat(before.get("connected").asBoolean()).isTrue();
        int seen = probe.all.size();

        try (Mqtt device = Mqtt.connect(Mqtt.SHARED_PORT)) {
            device.publish(siren("bad", "heartbeat"), bytes(9 * 1024), false);
            device.publish(siren("bad", "ack"), bytes(100 * 1024), false);
            device.publish(siren("bad", "status"), bytes(9 * 1024), true); // retained: comes back on every subscribe
            device.publish(siren("bad", "ack"), new byte[] {(byte) 0xC3, (byte) 0x28, '{'}, false); // not UTF-8
            device.publish(siren("bad", "status"), "maybe".getBytes(StandardCharsets.UTF_8), false);
            device.publish(siren("nobody", "heartbeat"), "{}".getBytes(StandardCharsets.UTF_8), false);
            // after the bad ones, on the same link: a good siren's heartbeat still gets through
            device.publish(siren("good", "heartbeat"), "{}".getBytes(StandardCharsets.UTF_8), false);
            await("the good siren seen after the bad messages", WAIT, () -> {
                try {
                    for (JsonNode r : server.send("GET", "/api/v1/sirens", null, server.adminKey)
                            .json()
                            .get("sirens"))
                        if (r.get("id").asText().equals("good"))
                            return r.get("online").asBoolean();
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
            device.publish(siren("bad", "status"), new byte[0], true); // clear the retained one
        }
        probe.settle();

        JsonNode after = mqtt();
        assertThat(after.get("connected").asBoolean()).isTrue();
        assertThat(after.get("connects").asLong())
                .as("the server never lost its broker connection")
                .isEqualTo(before.get("connects").asLong());
        assertThat(probe.all.subList(seen, probe.all.size()))
                .as("nothing of the server's was republished")
                .noneMatch(m ->
                        m.topic().startsWith(prefix + "/zones/") || m.topic().endsWith("/command"));
        assertThat(after.get("published").asLong())
                .isEqualTo(before.get("published").asLong());
        JsonNode dropped = after.get("inbound_dropped");
        assertThat(dropped.get("oversized").asLong()).isEqualTo(3);
        assertThat(dropped.get("malformed").asLong()).isEqualTo(2);
        assertThat(dropped.get("unknown").asLong()).isEqualTo(1);
        assertThat(dropped.get("failed").asLong()).isZero();

        String metrics = server.get("/metrics").raw().body();
        assertThat(metrics)
                .containsPattern("tryvoha_mqtt_inbound_dropped_total\\{[^}]*reason=\"oversized\"[^}]*} 3\\.0");
        assertThat(metrics)
                .containsPattern("tryvoha_mqtt_inbound_dropped_total\\{[^}]*reason=\"malformed\"[^}]*} 2\\.0");
        assertThat(metrics).containsPattern("tryvoha_mqtt_connected\\{[^}]*} 1\\.0");
    }
}
