package org.tryvoha.delivery.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.delivery.mqtt.Mqtt.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Files;
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

/** Fake sirens (real MQTT clients with a last will) against the shared Mosquitto. */
class SirenTest {
    static final String KHARKIV = "UA63000000000041885";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static TestServer server;
    static String prefix, odesa, lviv;
    static final List<FakeSiren> sirens = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Mqtt.requireSharedBroker();
        prefix = Mqtt.uniquePrefix("siren");
        try (TestServer probe = TestServer.start(dir.resolve("probe"))) {
            odesa = BrokerRestartTest.oblast(probe, "Odesa");
            lviv = BrokerRestartTest.oblast(probe, "Lviv");
        }
        Path file = dir.resolve("sirens.json");
        Files.writeString(
                file,
                "["
                        + String.join(
                                ",",
                                siren("s-ack", KHARKIV),
                                siren("s-mute", KHARKIV),
                                siren("s-late", KHARKIV),
                                siren("s-will", odesa),
                                siren("s-drill", lviv))
                        + "]");
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
                        file.toString(),
                        "TRYVOHA_SIREN_ACK_SECONDS",
                        "3"));
    }

    @AfterAll
    static void stop() {
        sirens.forEach(FakeSiren::close);
        if (server != null) server.close();
        try (Mqtt cleaner = Mqtt.connect(Mqtt.SHARED_PORT).subscribe(prefix + "/#")) {
            Mqtt.await("retained messages to clear", Duration.ofSeconds(10), () -> cleaner.latest.size() >= 1633);
            cleaner.clearRetained(prefix);
        }
    }

    static String siren(String id, String zone) {
        return "{\"id\":\"" + id + "\",\"zone\":\"" + zone + "\",\"name\":\"" + id + "\",\"lat\":50.0,\"lon\":36.2}";
    }

    /** A siren: subscribes to its command topic, says online, and leaves a last will "offline". */
    static final class FakeSiren implements AutoCloseable {
        final String id;
        final Mqtt mqtt;

        FakeSiren(String id) {
            this.id = id;
            MqttClientOptions o = new MqttClientOptions()
                    .setClientId("fake-" + id + "-" + prefix)
                    .setWillFlag(true)
                    .setWillRetain(true)
                    .setWillQoS(1)
                    .setWillTopic(topic("status"))
                    .setWillMessageBytes(Buffer.buffer("offline"));
            mqtt = Mqtt.connect(Mqtt.SHARED_PORT, o).subscribe(topic("command"));
            mqtt.publish(topic("status"), "online", true);
            mqtt.publish(topic("heartbeat"), "{}", false);
            sirens.add(this);
        }

        String topic(String kind) {
            return prefix + "/sirens/" + id + "/" + kind;
        }

        List<JsonNode> commands() {
            List<JsonNode> out = new ArrayList<>();
            for (Mqtt.Msg m : mqtt.on(topic("command"))) {
                try {
                    out.add(Json.MAPPER.readTree(m.payload()));
                } catch (Exception e) {
                    throw new AssertionError("command is not JSON: " + m.payload());
                }
            }
            return out;
        }

        JsonNode awaitCommand(String action) {
            await(
                    id + " gets a '" + action + "' command",
                    WAIT,
                    () -> !commands().isEmpty() && last().get("action").asText().equals(action));
            return last();
        }

        JsonNode last() {
            List<JsonNode> c = commands();
            return c.get(c.size() - 1);
        }

        void ack(JsonNode command) {
            mqtt.publish(topic("ack"), "{\"command\":\"" + command.get("id").asText() + "\"}", false);
        }

        @Override
        public void close() {
            mqtt.close();
        }
    }

    static JsonNode row(String id) throws Exception {
        for (JsonNode r : server.send("GET", "/api/v1/sirens", null, server.adminKey)
                .json()
                .get("sirens")) if (r.get("id").asText().equals(id)) return r;
        throw new AssertionError("siren " + id + " not listed");
    }

    static void awaitHealth(String id, String health) {
        await(id + " health " + health, WAIT, () -> {
            try {
                return row(id).get("health").asText().equals(health);
            } catch (Exception e) {
                return false;
            }
        });
    }

    static String raise(String zone, String status) throws Exception {
        return server.raise("{\"type\":\"air_raid\",\"status\":\"" + status + "\",\"zones\":[\"" + zone
                        + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}}")
                .get("alert")
                .get("id")
                .asText();
    }

    @Test
    void acknowledgementDeadlines() throws Exception {
        FakeSiren acks = new FakeSiren("s-ack"), mute = new FakeSiren("s-mute"), late = new FakeSiren("s-late");
        for (FakeSiren s : List.of(acks, mute, late)) {
            s.awaitCommand("deactivate");
            awaitHealth(s.id, "ok");
        }
        String alert = raise(KHARKIV, "actual");
        JsonNode a = acks.awaitCommand("activate");
        assertThat(a.get("alert").asText()).isEqualTo(alert);
        assertThat(a.get("exercise").asBoolean()).isFalse();
        acks.ack(a);
        JsonNode l = late.awaitCommand("activate");
        mute.awaitCommand("activate");

        awaitHealth("s-mute", "failed");
        awaitHealth("s-late", "failed");
        assertThat(row("s-ack").get("health").asText()).isEqualTo("ok"); // acknowledged in time
        assertThat(row("s-ack").hasNonNull("acked_at")).isTrue();
        assertThat(row("s-mute").hasNonNull("acked_at")).isFalse();

        JsonNode rows = server.send("GET", "/api/v1/sirens", null, server.adminKey)
                .json()
                .get("sirens");
        assertThat(rows.get(0).get("health").asText()).as("failed sirens first").isEqualTo("failed");
        List<Integer> ranks = new ArrayList<>();
        for (JsonNode r : rows)
            ranks.add(SirenFleet.HEALTH_ORDER.indexOf(r.get("health").asText()));
        assertThat(ranks).as("worst health first: failed, silent, late, ok").isSorted();

        late.ack(l);
        awaitHealth("s-late", "late");
        JsonNode fleet =
                server.send("GET", "/api/v1/sirens", null, server.adminKey).json();
        assertThat(fleet.get("counts").get("failed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(fleet.get("mqtt").get("connected").asBoolean()).isTrue();

        server.cancel(alert);
        for (FakeSiren s : List.of(acks, mute, late)) s.awaitCommand("deactivate");
    }

    @Test
    void theFleetIsForOperatorsOnly() throws Exception {
        TestServer.Answer none = server.get("/api/v1/sirens");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.raw().body()).contains("Bearer").doesNotContain("s-ack").doesNotContain("1883");
        TestServer.Answer bad = server.send("GET", "/api/v1/sirens", null, "tvo_nobody_0000");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.raw().body()).doesNotContain("s-ack");

        JsonNode viewer = server.send(
                        "POST",
                        "/api/v1/operators",
                        "{\"name\":\"fleet-viewer\",\"role\":\"viewer\",\"zones\":\"*\",\"types\":\"*\"}",
                        server.adminKey)
                .json();
        TestServer.Answer ok =
                server.send("GET", "/api/v1/sirens", null, viewer.get("key").asText());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode row = ok.json().get("sirens").get(0);
        assertThat(row.get("zone_name_uk").asText()).isNotBlank();
        assertThat(row.get("zone_name_en").asText()).isNotBlank();
        assertThat(ok.json().get("now").asText()).isNotBlank();
    }

    @Test
    void lastWillMarksASirenSilent() throws Exception {
        FakeSiren s = new FakeSiren("s-will");
        await("s-will online and ok", WAIT, () -> {
            try {
                JsonNode r = row("s-will");
                return r.get("online").asBoolean() && r.get("health").asText().equals("ok");
            } catch (Exception e) {
                return false;
            }
        });
        s.mqtt.kill(); // no DISCONNECT: the broker publishes the will
        awaitHealth("s-will", "silent");
        assertThat(row("s-will").get("online").asBoolean()).isFalse();
    }

    @Test
    void anExerciseNeverActivatesASiren() throws Exception {
        FakeSiren s = new FakeSiren("s-drill");
        s.awaitCommand("deactivate");
        try (Mqtt watch = Mqtt.connect(Mqtt.SHARED_PORT).subscribe(prefix + "/drills/oblasts")) {
            String drill = raise(lviv, "exercise");
            // the server computes siren commands before it publishes the retained states of the same event
            await(
                    "Lviv in the drills' oblast string",
                    WAIT,
                    () -> String.valueOf(watch.latest.get(prefix + "/drills/oblasts"))
                            .contains("E"));
            assertThat(row("s-drill").get("command").get("action").asText()).isEqualTo("deactivate");

            String real = raise(lviv, "actual"); // the control: a real alert does activate it
            JsonNode a = s.awaitCommand("activate");
            assertThat(a.get("alert").asText()).isEqualTo(real);
            assertThat(s.commands()).noneMatch(c -> c.toString().contains(drill));
            assertThat(s.commands().stream()
                            .filter(c -> c.get("action").asText().equals("activate"))
                            .count())
                    .isEqualTo(1);
            server.cancel(real);
            s.awaitCommand("deactivate");
            server.cancel(drill);
        }
    }
}
