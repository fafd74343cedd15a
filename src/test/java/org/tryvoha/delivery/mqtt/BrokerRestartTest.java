package org.tryvoha.delivery.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.delivery.mqtt.Mqtt.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;

/** Our own Mosquitto (persistence off) is killed and restarted: the retained states must come back. */
class BrokerRestartTest {
    static final String KHARKIV = "UA63000000000041885";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void retainedStateIsRepublishedAfterABrokerRestart(@TempDir Path dir) throws Exception {
        Path brokerDir = Files.createDirectories(dir.resolve("broker"));
        String prefix = Mqtt.uniquePrefix("restart");
        try (OwnBroker broker = new OwnBroker(brokerDir).start();
                TestServer server = TestServer.start(
                        dir.resolve("data"),
                        Map.of(
                                "TRYVOHA_MQTT_URL",
                                "mqtt://127.0.0.1:" + broker.port,
                                "TRYVOHA_MQTT_TOPIC_PREFIX",
                                prefix,
                                "TRYVOHA_MQTT_HA_ZONES",
                                "none"))) {
            String kh = prefix + "/zones/" + KHARKIV + "/state";
            String first = server.raise(alert(KHARKIV)).get("alert").get("id").asText();
            try (Mqtt before = Mqtt.connect(broker.port).subscribe(kh, prefix + "/oblasts")) {
                await("Kharkiv active before the restart", WAIT, () -> contains(before.latest.get(kh), first));
            }

            broker.kill();
            // while the broker is away: a second alert (must be coalesced and delivered later), the first ends
            String lviv = oblast(server, "Lviv");
            String second = server.raise(alert(lviv)).get("alert").get("id").asText();
            server.cancel(first);
            broker.start();

            try (Mqtt after = Mqtt.connect(broker.port).subscribe(prefix + "/zones/+/state", prefix + "/oblasts")) {
                String lv = prefix + "/zones/" + lviv + "/state";
                await(
                        "every zone's retained state back after the restart",
                        WAIT,
                        () -> after.all.stream()
                                        .map(Mqtt.Msg::topic)
                                        .filter(t -> t.endsWith("/state"))
                                        .distinct()
                                        .count()
                                >= 1633);
                await(
                        "Lviv active (raised while the broker was down)",
                        WAIT,
                        () -> contains(after.latest.get(lv), second));
                await(
                        "Kharkiv clear (cancelled while the broker was down)",
                        WAIT,
                        () -> after.latest.get(kh) != null
                                && after.latest.get(kh).contains("\"active\":false"));
                assertThat(after.latest.get(prefix + "/oblasts"))
                        .contains("1")
                        .doesNotContain("P")
                        .doesNotContain("E");
            }
            // a subscriber that arrives now gets it from the broker alone (retained)
            try (Mqtt late = Mqtt.connect(broker.port).subscribe(prefix + "/zones/" + lviv + "/state")) {
                await(
                        "retained Lviv state for a late subscriber",
                        WAIT,
                        () -> late.all.stream()
                                .anyMatch(m -> m.retained() && m.payload().contains(second)));
            }
        }
    }

    /**
     * A broker that kept its state (here: restarted with persistence; the same holds for a dropped
     * connection) still has the retained set and our session: the server sends again only what
     * changed while it was away, not the 1,633 zone states.
     */
    @Test
    void aReconnectToABrokerThatKeptItsStateSendsOnlyWhatChanged(@TempDir Path dir) throws Exception {
        Path brokerDir = Files.createDirectories(dir.resolve("broker"));
        String prefix = Mqtt.uniquePrefix("keep");
        try (OwnBroker broker = new OwnBroker(brokerDir, true).start();
                TestServer server = TestServer.start(
                        dir.resolve("data"),
                        Map.of(
                                "TRYVOHA_MQTT_URL",
                                "mqtt://127.0.0.1:" + broker.port,
                                "TRYVOHA_MQTT_TOPIC_PREFIX",
                                prefix,
                                "TRYVOHA_MQTT_HA_ZONES",
                                "none"))) {
            try (Mqtt before = Mqtt.connect(broker.port).subscribe(prefix + "/zones/+/state")) {
                await("every zone's state before", WAIT, () -> before.latest.size() >= 1633);
            }
            long published = mqtt(server).get("published").asLong();
            assertThat(published).isGreaterThanOrEqualTo(1633);

            broker.stop();
            await("the server sees the broker gone", WAIT, () -> !connected(server));
            String hromada = firstLeafBelow(server, KHARKIV);
            String alert = server.raise(alert(hromada)).get("alert").get("id").asText();
            broker.start();
            await("reconnected", WAIT, () -> connected(server) && connects(server) == 2);

            String topic = prefix + "/zones/" + hromada + "/state";
            try (Mqtt after = Mqtt.connect(broker.port).subscribe(topic)) {
                await("the change made while away", WAIT, () -> contains(after.latest.get(topic), alert));
            }
            JsonNode m = mqtt(server);
            assertThat(m.get("full_resyncs").asLong())
                    .as("only the first connect sent everything")
                    .isEqualTo(1);
            assertThat(m.get("published").asLong() - published)
                    .as("messages sent after the reconnect: the changed zones, the oblast strings, status")
                    .isLessThan(50);
            server.cancel(alert);
        }
    }

    static JsonNode mqtt(TestServer server) throws Exception {
        return server.send("GET", "/api/v1/sirens", null, server.adminKey)
                .json()
                .get("mqtt");
    }

    static boolean connected(TestServer server) {
        try {
            return mqtt(server).get("connected").asBoolean();
        } catch (Exception e) {
            return false;
        }
    }

    static long connects(TestServer server) {
        try {
            return mqtt(server).get("connects").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    static String firstLeafBelow(TestServer server, String id) throws Exception {
        JsonNode z = server.get("/api/v1/zones/" + id).json().get("zone");
        while (z.get("children") != null && z.get("children").size() > 0)
            z = server.get("/api/v1/zones/" + z.get("children").get(0).asText())
                    .json()
                    .get("zone");
        return z.get("id").asText();
    }

    static String oblast(TestServer server, String en) throws Exception {
        for (var z : server.get("/api/v1/zones?level=oblast").json().get("zones")) {
            if (z.get("name_en").asText().startsWith(en)) return z.get("id").asText();
        }
        throw new AssertionError("no oblast named " + en);
    }

    static boolean contains(String payload, String alertId) {
        return payload != null && payload.contains("\"active\":true") && payload.contains(alertId);
    }

    static String alert(String zone) {
        return "{\"type\":\"air_raid\",\"zones\":[\"" + zone + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}}";
    }
}
