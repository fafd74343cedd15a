package org.tryvoha.delivery.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.delivery.mqtt.Mqtt.await;

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
