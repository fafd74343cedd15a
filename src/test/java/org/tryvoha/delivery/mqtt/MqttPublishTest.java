package org.tryvoha.delivery.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.delivery.mqtt.Mqtt.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.json.Json;
import org.tryvoha.signing.SignedEventsTest;
import org.tryvoha.signing.Verifier;

/** Zone state, events, the oblast string and Home Assistant discovery on the shared Mosquitto. */
class MqttPublishTest {
    static final String KHARKIV = "UA63000000000041885";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static TestServer server;
    static Mqtt probe;
    static String prefix, discovery;
    static List<String> oblasts;

    @BeforeAll
    static void start() throws Exception {
        Mqtt.requireSharedBroker();
        prefix = Mqtt.uniquePrefix("pub");
        discovery = Mqtt.uniquePrefix("ha");
        server = TestServer.start(
                dir,
                Map.of(
                        "TRYVOHA_MQTT_URL",
                        "mqtt://127.0.0.1:1883",
                        "TRYVOHA_MQTT_TOPIC_PREFIX",
                        prefix,
                        "TRYVOHA_MQTT_DISCOVERY_PREFIX",
                        discovery));
        oblasts = new ArrayList<>();
        for (JsonNode z : server.get("/api/v1/zones?level=oblast").json().get("zones"))
            oblasts.add(z.get("id").asText());
        oblasts.sort(null);
        probe = Mqtt.connect(Mqtt.SHARED_PORT).subscribe(prefix + "/#", discovery + "/#");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (probe != null) {
            probe.clearRetained(prefix, discovery);
            probe.close();
        }
    }

    static JsonNode json(String topic) throws Exception {
        String s = probe.latest.get(topic);
        return s == null ? null : Json.MAPPER.readTree(s);
    }

    static boolean state(String zone, String field, String value) {
        try {
            JsonNode n = json(prefix + "/zones/" + zone + "/state");
            return n != null && n.path(field).asText().equals(value);
        } catch (Exception e) {
            return false;
        }
    }

    /** The expected oblast string, built from the zone list of the REST API, not from the server's code. */
    static String expected(Map<String, Character> codes) {
        StringBuilder b = new StringBuilder();
        for (String id : oblasts) b.append(codes.getOrDefault(id, '0'));
        return b.toString();
    }

    String raise(String zone, String status) throws Exception {
        return server.raise("{\"type\":\"air_raid\",\"status\":\"" + status + "\",\"zones\":[\"" + zone
                        + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}}")
                .get("alert")
                .get("id")
                .asText();
    }

    @Test
    void everyZoneHasARetainedStateAndTheOblastStringFollowsAlerts() throws Exception {
        assertThat(oblasts).hasSize(27);
        await(
                "a retained state for every zone",
                WAIT,
                () -> probe.all.stream()
                                .filter(m -> m.topic().endsWith("/state"))
                                .map(Mqtt.Msg::topic)
                                .distinct()
                                .count()
                        >= 1633);
        await("all-clear oblast string", WAIT, () -> expected(Map.of()).equals(probe.latest.get(prefix + "/oblasts")));

        String real = raise(KHARKIV, "actual");
        await("Kharkiv oblast active", WAIT, () -> state(KHARKIV, "active", "true"));
        JsonNode kh = json(prefix + "/zones/" + KHARKIV + "/state");
        assertThat(kh.get("alerts").get(0).asText()).isEqualTo(real);
        assertThat(kh.get("types").get(0).asText()).isEqualTo("air_raid");
        assertThat(kh.get("since").asText()).isNotBlank();
        String hromada = firstLeafBelow(KHARKIV);
        await("a hromada in Kharkiv oblast active", WAIT, () -> state(hromada, "active", "true"));
        await(
                "the event message",
                WAIT,
                () -> probe.on(prefix + "/events").stream()
                        .anyMatch(m -> m.payload().contains(real)));
        assertThat(probe.on(prefix + "/events")).allMatch(m -> !m.retained());
        // the MQTT event message carries the same Ed25519 signature as the streams
        String event = probe.on(prefix + "/events").stream()
                .filter(m -> m.payload().contains(real))
                .findFirst()
                .orElseThrow()
                .payload();
        assertThat(Verifier.verify(Json.MAPPER.readTree(event), SignedEventsTest.published(server))
                        .ok())
                .isTrue();

        String lviv = oblastNamed("Lviv");
        String drill = raise(lviv, "exercise");
        String kyivRegion = oblastNamed("Kyiv");
        String raion = server.get("/api/v1/zones?level=raion&parent=" + kyivRegion)
                .json()
                .get("zones")
                .get(0)
                .get("id")
                .asText();
        String part = raise(raion, "actual");
        String want = expected(Map.of(KHARKIV, '1', kyivRegion, 'P'));
        await("oblast string " + want, WAIT, () -> want.equals(probe.latest.get(prefix + "/oblasts")));
        String drills = expected(Map.of(lviv, 'E'));
        await(
                "drills' oblast string " + drills,
                WAIT,
                () -> drills.equals(probe.latest.get(prefix + "/drills/oblasts")));
        assertThat(state(lviv, "status", "clear"))
                .as("a drill never colours the public state")
                .isTrue();
        assertThat(state(lviv, "active", "false")).isTrue();
        assertThat(state(kyivRegion, "status", "partly")).isTrue();

        server.cancel(real);
        server.cancel(drill);
        server.cancel(part);
        await("Kharkiv clear again", WAIT, () -> state(KHARKIV, "active", "false"));
        await(
                "all-clear oblast string again",
                WAIT,
                () -> expected(Map.of()).equals(probe.latest.get(prefix + "/oblasts")));
        await(
                "no drill in the drills' oblast string",
                WAIT,
                () -> expected(Map.of()).equals(probe.latest.get(prefix + "/drills/oblasts")));
    }

    @Test
    void homeAssistantDiscoveryForEveryOblast() throws Exception {
        for (String id : oblasts) {
            String topic = discovery + "/binary_sensor/tryvoha_" + id + "/config";
            await("discovery for " + id, WAIT, () -> probe.latest.containsKey(topic));
            JsonNode c = json(topic);
            assertThat(c.get("device_class").asText()).isEqualTo("safety");
            assertThat(c.get("state_topic").asText()).isEqualTo(prefix + "/zones/" + id + "/state");
            assertThat(c.get("json_attributes_topic").asText()).isEqualTo(prefix + "/zones/" + id + "/state");
            assertThat(c.get("value_template").asText()).contains("value_json.active");
            assertThat(c.get("json_attributes_template").asText()).contains("value_json.types");
            assertThat(c.get("unique_id").asText()).contains(id);
        }
        long configs = probe.latest.keySet().stream()
                .filter(t -> t.startsWith(discovery + "/"))
                .count();
        assertThat(configs).isEqualTo(27);
        await("availability online", WAIT, () -> "online".equals(probe.latest.get(prefix + "/status")));
        // a late subscriber gets them retained, with no help from the server
        try (Mqtt late = Mqtt.connect(Mqtt.SHARED_PORT).subscribe(discovery + "/binary_sensor/+/config")) {
            await("retained discovery for a late subscriber", WAIT, () -> late.all.size() >= 27);
            assertThat(late.all).allMatch(Mqtt.Msg::retained);
        }
    }

    String oblastNamed(String en) throws Exception {
        for (JsonNode z : server.get("/api/v1/zones?level=oblast").json().get("zones")) {
            if (z.get("name_en").asText().startsWith(en)) return z.get("id").asText();
        }
        throw new AssertionError("no oblast named " + en);
    }

    String firstLeafBelow(String id) throws Exception {
        JsonNode z = server.get("/api/v1/zones/" + id).json().get("zone");
        while (z.get("children") != null && z.get("children").size() > 0) {
            z = server.get("/api/v1/zones/" + z.get("children").get(0).asText())
                    .json()
                    .get("zone");
        }
        return z.get("id").asText();
    }
}
