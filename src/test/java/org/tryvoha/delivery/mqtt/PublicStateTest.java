package org.tryvoha.delivery.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.delivery.mqtt.Mqtt.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.json.Json;

/**
 * The retained MQTT zone states equal the public REST status (no drills) field by field, after each
 * step of a sequence of real, drill and overlapping alerts; drills travel on their own topics.
 */
class PublicStateTest {
    static final String KHARKIV_OBLAST = "UA63000000000041885";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static TestServer server;
    static Mqtt probe;
    static String prefix, country, raion, city, otherHromada;
    static List<String> oblasts;

    @BeforeAll
    static void start() throws Exception {
        Mqtt.requireSharedBroker();
        prefix = Mqtt.uniquePrefix("truth");
        server = TestServer.start(
                dir,
                Map.of(
                        "TRYVOHA_MQTT_URL",
                        "mqtt://127.0.0.1:1883",
                        "TRYVOHA_MQTT_TOPIC_PREFIX",
                        prefix,
                        "TRYVOHA_MQTT_HA_ZONES",
                        "none"));
        // Kharkiv city: the hromada at the city centre; its raion; another hromada of that raion
        String hromada = null;
        for (JsonNode z :
                server.get("/api/v1/zones/at?lat=49.9935&lon=36.2304").json().get("zones"))
            if (z.get("level").asText().equals("hromada")) hromada = z.get("id").asText();
        assertThat(hromada).as("a hromada at Kharkiv's centre").isNotNull();
        JsonNode cityZone = server.get("/api/v1/zones/" + hromada).json();
        city = cityZone.get("zone").get("id").asText();
        List<String> up = new ArrayList<>();
        for (JsonNode z : cityZone.get("chain")) up.add(z.get("id").asText());
        assertThat(up).as("the city lies in Kharkiv oblast").contains(KHARKIV_OBLAST);
        country = up.get(0).equals(city) ? up.get(up.size() - 1) : up.get(0);
        raion = cityZone.get("zone").get("parent").asText();
        otherHromada = null;
        for (JsonNode z : server.get("/api/v1/zones?parent=" + raion).json().get("zones"))
            if (!z.get("id").asText().equals(city)) otherHromada = z.get("id").asText();
        assertThat(otherHromada).isNotNull();
        oblasts = new ArrayList<>();
        for (JsonNode z : server.get("/api/v1/zones?level=oblast").json().get("zones"))
            oblasts.add(z.get("id").asText());
        oblasts.sort(null);
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

    /** The sequence number of the last event this test made: a comparison waits until the state holds it. */
    static long lastSeq;

    static String raise(String zone, String type, String status) throws Exception {
        JsonNode r = server.raise("{\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"zones\":[\"" + zone
                + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}}");
        lastSeq = Math.max(lastSeq, r.get("seq").asLong());
        return r.get("alert").get("id").asText();
    }

    /** The sequence number the server's zone state has applied (-1 when it cannot be read). */
    static long stateSeq() {
        try {
            return server.get("/api/v1/status?alerted=true").json().get("seq").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    static void cancel(String id) throws Exception {
        lastSeq = Math.max(lastSeq, server.cancel(id).get("seq").asLong());
    }

    /** The REST public status of a zone, in the fields the MQTT state carries. */
    static Map<String, Object> rest(String zone) throws Exception {
        JsonNode z = server.get("/api/v1/zones/" + zone + "/status").json();
        List<String> ids = new ArrayList<>();
        for (JsonNode c : z.get("alerts")) {
            String id = c.get("alert").get("id").asText();
            if (!ids.contains(id)) ids.add(id);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", z.get("active").asBoolean());
        m.put("types", Json.MAPPER.convertValue(z.get("types"), List.class));
        m.put(
                "since",
                !z.hasNonNull("since") ? null : Instant.parse(z.get("since").asText()));
        m.put("alerts", ids);
        m.put("partly", z.get("partly_alerts").asInt());
        return m;
    }

    static Map<String, Object> mqtt(String zone) {
        String s = probe.latest.get(prefix + "/zones/" + zone + "/state");
        if (s == null) return null;
        try {
            JsonNode z = Json.MAPPER.readTree(s);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("active", z.get("active").asBoolean());
            m.put("types", Json.MAPPER.convertValue(z.get("types"), List.class));
            m.put(
                    "since",
                    !z.hasNonNull("since") ? null : Instant.parse(z.get("since").asText()));
            m.put("alerts", Json.MAPPER.convertValue(z.get("alerts"), List.class));
            m.put("partly", z.get("partly").asInt());
            return m;
        } catch (Exception e) {
            throw new AssertionError("state of " + zone + " is not JSON: " + s, e);
        }
    }

    /**
     * Waits until every watched zone's MQTT state equals its REST status, both read again each time
     * (the REST status too follows a raise's 201 as the event is published); the failure shows both.
     */
    static void sameAsRest(String step) throws Exception {
        await(step + ": the zone state holds the last event (seq " + lastSeq + ")", WAIT, () -> stateSeq() >= lastSeq);
        for (String zone : List.of(country, KHARKIV_OBLAST, raion, city, otherHromada)) {
            Map<String, Object> want = rest(zone);
            long end = System.nanoTime() + WAIT.toNanos();
            while (!want.equals(mqtt(zone)) && System.nanoTime() < end) {
                Thread.sleep(50);
                want = rest(zone);
            }
            assertThat(mqtt(zone))
                    .as(step + ": MQTT state of " + zone + " equals the REST status")
                    .isEqualTo(want);
            String status = Json.MAPPER
                    .readTree(probe.latest.get(prefix + "/zones/" + zone + "/state"))
                    .get("status")
                    .asText();
            String expected =
                    (Boolean) want.get("active") ? "alert" : (Integer) want.get("partly") > 0 ? "partly" : "clear";
            assertThat(status).as(step + ": status word of " + zone).isEqualTo(expected);
        }
    }

    String oblastString(Map<String, Character> codes) {
        StringBuilder b = new StringBuilder();
        for (String id : oblasts) b.append(codes.getOrDefault(id, '0'));
        return b.toString();
    }

    @Test
    void mqttStateIsTheRestPublicStatusAndDrillsHaveTheirOwnTopics() throws Exception {
        await("the initial retained states", WAIT, () -> mqtt(city) != null && mqtt(country) != null);
        sameAsRest("at start");

        String drill = raise(KHARKIV_OBLAST, "air_raid", "exercise");
        String drone = raise(city, "drone", "actual");
        sameAsRest("a drill on the oblast, a real drone alert on the city");
        await(
                "the drill on the drills topic",
                WAIT,
                () -> probe.on(prefix + "/drills/events").stream()
                        .anyMatch(m -> m.payload().contains(drill)));
        String drillString = oblastString(Map.of(KHARKIV_OBLAST, 'E'));
        await(
                "the drills' oblast string",
                WAIT,
                () -> drillString.equals(probe.latest.get(prefix + "/drills/oblasts")));
        assertThat(mqtt(KHARKIV_OBLAST).get("active")).isEqualTo(false);
        await(
                "the real alert on the events topic",
                WAIT,
                () -> probe.on(prefix + "/events").stream()
                        .anyMatch(m -> m.payload().contains(drone)));
        assertThat(mqtt(city).get("types")).isEqualTo(List.of("drone"));
        assertThat(mqtt(city).get("alerts")).isEqualTo(List.of(drone));
        assertThat(mqtt(KHARKIV_OBLAST).get("partly")).isEqualTo(1);
        assertThat(mqtt(country).get("partly")).isEqualTo(1);
        await(
                "public oblast string: partly, no drill",
                WAIT,
                () -> oblastString(Map.of(KHARKIV_OBLAST, 'P')).equals(probe.latest.get(prefix + "/oblasts")));

        String real = raise(KHARKIV_OBLAST, "air_raid", "actual");
        sameAsRest("a real alert overlapping the drill and the city alert");
        assertThat(mqtt(city).get("alerts")).asList().containsExactlyInAnyOrder(real, drone);

        cancel(real);
        sameAsRest("the real oblast alert cancelled");
        String drill2 = raise(city, "drone", "test");
        sameAsRest("a test alert on the city as well");
        cancel(drone);
        sameAsRest("the real city alert cancelled, only drills left");
        assertThat(mqtt(city).get("active")).isEqualTo(false);
        assertThat(mqtt(country).get("partly")).isEqualTo(0);
        await(
                "public oblast string clear while drills go on",
                WAIT,
                () -> oblastString(Map.of()).equals(probe.latest.get(prefix + "/oblasts")));
        cancel(drill);
        cancel(drill2);
        await(
                "drills' oblast string clear",
                WAIT,
                () -> oblastString(Map.of()).equals(probe.latest.get(prefix + "/drills/oblasts")));
        sameAsRest("all cancelled");

        assertThat(probe.on(prefix + "/events"))
                .as("no drill event on the public events topic")
                .noneMatch(m -> m.payload().contains(drill) || m.payload().contains(drill2));
        assertThat(probe.on(prefix + "/drills/events"))
                .as("no real event on the drills topic")
                .noneMatch(m -> m.payload().contains(drone) || m.payload().contains(real));
        for (Mqtt.Msg m : probe.all)
            if (m.topic().startsWith(prefix + "/zones/"))
                assertThat(m.payload())
                        .as("no zone state ever names a drill: " + m.topic())
                        .doesNotContain(drill)
                        .doesNotContain(drill2)
                        .doesNotContain("exercise");
    }
}
