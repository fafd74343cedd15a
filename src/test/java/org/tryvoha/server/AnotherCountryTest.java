package org.tryvoha.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.StepClock;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.alert.AlertService;
import org.tryvoha.auth.Ops;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/**
 * Nothing Ukrainian is hard-wired: a real server on the synthetic country of {@code
 * src/test/resources/synthetic-country} (its own level names, German and French names only, the
 * kreis as the two-person region, America/Chicago) raises and ends alerts, holds a two-kreis alert
 * for a second person, warns that country's zones from a threat track in its languages, and buckets
 * statistics at Chicago midnight.
 */
class AnotherCountryTest {
    @TempDir
    static Path dir;

    static TestServer server;

    /** Altbach and Neubrunn: the two gemeinden of kreis XC-A1; Birkenau lies in XC-A2, same land. */
    static final String ALTBACH = "XC-A1a", NEUBRUNN = "XC-A1b", BIRKENAU = "XC-A2b";
    /** Where the seeded alert was, and when: 7 Mar 2026 22:00 CST → 8 Mar 04:00 CDT (clocks went forward at 02:00). */
    static final String SONNENDORF = "XC-C2b";

    static final Instant SEEDED_START = Instant.parse("2026-03-08T04:00:00Z");
    static final Instant SEEDED_END = Instant.parse("2026-03-08T09:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        seedLog();
        Map<String, String> env = new HashMap<>();
        env.put("TRYVOHA_CONFIG", fixture("tryvoha.conf").toString());
        env.put("TRYVOHA_ZONES_FILE", fixture("zones.geojson").toString());
        server = TestServer.start(dir, env);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(AnotherCountryTest.class
                .getResource("/synthetic-country/" + name)
                .toURI());
    }

    /** An alert across Chicago's local midnight, in the event log before the server starts (its clock is the test's). */
    static void seedLog() {
        try (AlertStore store = SqliteAlertStore.open(dir)) {
            StepClock clock = new StepClock(SEEDED_START);
            AlertService service = new AlertService(store, new LocalEventBus(), clock);
            String id = UUID.randomUUID().toString();
            service.raise(
                    new AlertRequest(
                            AlertType.AIR_RAID,
                            AlertStatus.ACTUAL,
                            List.of(SONNENDORF),
                            null,
                            Map.of("de", "Luftalarm", "fr", "Alerte aérienne"),
                            null,
                            false),
                    "seed",
                    id,
                    null);
            clock.set(SEEDED_END);
            service.cancel(id, "seed", null);
        }
    }

    @Test
    void zonesCarryTheCountrysLevelsAndNames() throws Exception {
        JsonNode root = server.get("/api/v1/zones/XC").json();
        assertThat(root.path("zone").path("level").asText()).isEqualTo("country");
        assertThat(root.path("zone").path("children")).hasSize(3);
        JsonNode a = server.get("/api/v1/zones/" + ALTBACH).json().path("zone");
        assertThat(a.path("level").asText()).as("gemeinde is the hromada tier").isEqualTo("hromada");
        assertThat(a.path("names").path("de").asText()).isEqualTo("Altbach");
        assertThat(a.path("names").path("fr").asText()).isEqualTo("Vieux-Ruisseau");
        assertThat(a.path("name_en").asText())
                .as("no English name: the first other one")
                .isEqualTo("Altbach");
        assertThat(server.get("/api/v1/zones/search?q=ruisseau").json().path("zones"))
                .extracting(z -> z.path("id").asText())
                .containsExactly(ALTBACH);
        assertThat(server.get("/api/v1/zones/at?lat=44.75&lon=9.25").json().path("zones"))
                .extracting(z -> z.path("id").asText())
                .containsExactly(ALTBACH, "XC-A1", "XC-A", "XC");
        assertThat(server.get("/api/v1/zones?level=kreis").json().path("zones"))
                .as("the country's own level name works where a tier does")
                .hasSize(6)
                .allSatisfy(z -> assertThat(z.path("level").asText()).isEqualTo("raion"));
        Answer unknown = server.get("/api/v1/zones?level=province");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.raw().body()).contains("unknown level 'province'").contains("kreis");
        String geo = server.get("/api/v1/zones/geojson?level=raion").raw().body();
        assertThat(geo).contains("\"name_fr\":\"Forêt-du-Nord-Sud\"");

        JsonNode config = server.get("/api/v1/web/config").json();
        assertThat(config.path("time_zone").asText()).isEqualTo("America/Chicago");
        assertThat(config.path("root_zone").asText()).isEqualTo("XC");
        assertThat(config.path("languages").toString()).isEqualTo("[\"de\",\"fr\"]");
        assertThat(config.path("level_labels").path("raion").asText()).isEqualTo("Kreis");
        assertThat(config.path("map_bounds").toString())
                .as("the map opens on these zones, not on Ukraine")
                .isEqualTo("[[44.5,9.0],[45.5,12.0]]");
        assertThat(config.path("shelters").asInt()).isZero();
    }

    @Test
    void alertsAreRaisedAndEndedAndTheTwoPersonRuleCountsKreise() throws Exception {
        String sender = Ops.create(server, "xc-sender", "operator", "\"*\"", "\"*\"");
        // two gemeinden of one kreis: one region, sent at once
        Answer one = server.send("POST", "/api/v1/alerts", Ops.alert("air_raid", ALTBACH, NEUBRUNN), sender);
        assertThat(one.status()).as(one.raw().body()).isEqualTo(201);
        String id = one.json().path("alert").path("id").asText();
        // the zone state follows the commit (the 201) as the event is published: wait for it, at most 10 s
        String status = server.get("/api/v1/zones/" + ALTBACH + "/status").raw().body();
        for (int i = 0; i < 200 && !status.contains(id); i++) {
            Thread.sleep(50);
            status = server.get("/api/v1/zones/" + ALTBACH + "/status").raw().body();
        }
        assertThat(status).contains(id);
        Answer ended = server.send("POST", "/api/v1/alerts/" + id + "/cancel", null, sender);
        assertThat(ended.status()).as(ended.raw().body()).isEqualTo(200);
        assertThat(server.get("/api/v1/alerts?active=true").json().path("alerts"))
                .noneSatisfy(x -> assertThat(x.path("id").asText()).isEqualTo(id));

        // the same land, two kreise: with the oblast tier as region it would go out; here it waits
        Answer held = server.send("POST", "/api/v1/alerts", Ops.alert("air_raid", ALTBACH, BIRKENAU), sender);
        assertThat(held.status()).as(held.raw().body()).isEqualTo(202);
        assertThat(held.json().path("pending").path("reason").asText()).contains("2 regions (Kreis)");
        // a whole land reaches both its kreise
        Answer land = server.send("POST", "/api/v1/alerts", Ops.alert("drone", "XC-B"), sender);
        assertThat(land.status()).as(land.raw().body()).isEqualTo(202);
    }

    @Test
    void aThreatTrackWarnsThisCountrysZonesInItsLanguages() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // 15 km north of Eichstadt's centre (XC-B1a, 44.75 N 10.25 E), southbound at 250 m/s
        String report = "{\"track_id\":\"xc-1\",\"class\":\"cruise_missile\",\"time\":\"" + now + "\",\"lat\":"
                + (44.75 + 15_000 / 111_320.0)
                + ",\"lon\":10.25,\"velocity\":{\"east\":0,\"north\":-250},\"uncertainty_m\":300}";
        Answer ok = server.send("POST", "/api/v1/tracks", "{\"reports\":[" + report + "]}", server.adminKey);
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);

        JsonNode alert = null;
        for (long until = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < until; ) {
            for (JsonNode a : server.get("/api/v1/alerts?active=true").json().path("alerts"))
                if (a.path("type").asText().equals("cruise_missile")) alert = a;
            if (alert != null) break;
            Thread.sleep(50);
        }
        assertThat(alert).as("the engine raised an alert").isNotNull();
        assertThat(alert.path("zones").toString()).contains("XC-B1a");
        JsonNode message = alert.path("message");
        assertThat(message.has("uk")).isFalse();
        assertThat(message.has("en")).isFalse();
        assertThat(message.path("de").asText())
                .isEqualTo("Gefahr durch Marschflugkörper! Suchen Sie sofort einen Schutzraum auf.");
        assertThat(message.path("fr").asText())
                .isEqualTo("Menace de missiles de croisière ! Rendez-vous immédiatement dans un abri.");
    }

    @Test
    void statisticsBucketAtChicagoMidnight() throws Exception {
        JsonNode days = server.get("/api/v1/stats/series?zone=" + SONNENDORF + "&by=day&from=2026-03-06&to=2026-03-10")
                .json();
        assertThat(days.path("time_zone").asText()).isEqualTo("America/Chicago");
        Map<String, Long> byDay = seconds(days);
        // 22:00 CST → midnight: 2 h on the 7th; midnight → 04:00 CDT: 3 real hours on the 8th (02:00 did not exist)
        assertThat(byDay)
                .containsEntry("2026-03-06", 0L)
                .containsEntry("2026-03-07", 7_200L)
                .containsEntry("2026-03-08", 10_800L)
                .containsEntry("2026-03-09", 0L);
        Map<String, Long> byHour =
                seconds(server.get("/api/v1/stats/series?zone=" + SONNENDORF + "&by=hour&from=2026-03-06&to=2026-03-10")
                        .json());
        assertThat(byHour)
                .containsEntry("21", 0L)
                .containsEntry("22", 3_600L)
                .containsEntry("23", 3_600L)
                .containsEntry("00", 3_600L)
                .containsEntry("01", 3_600L)
                .containsEntry("02", 0L)
                .containsEntry("03", 3_600L)
                .containsEntry("04", 0L);
        // a plain date is midnight in Chicago: from the 8th counts only the 3 hours after it
        JsonNode summary = server.get("/api/v1/stats/summary?zone=" + SONNENDORF + "&from=2026-03-08&to=2026-03-10")
                .json();
        assertThat(summary.path("total_seconds").asLong()).isEqualTo(10_800L);
        // an alert covers the zones inside its target, not the kreis above it
        assertThat(seconds(server.get("/api/v1/stats/series?zone=XC-C2&by=day&from=2026-03-07&to=2026-03-09")
                                .json())
                        .get("2026-03-07"))
                .isEqualTo(0L);
    }

    private static Map<String, Long> seconds(JsonNode series) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode b : series.path("buckets"))
            out.put(b.path("key").asText(), b.path("seconds").asLong());
        return out;
    }
}
