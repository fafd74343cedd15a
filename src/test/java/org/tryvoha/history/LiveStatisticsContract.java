package org.tryvoha.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.StepClock;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.alert.AlertService;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.json.Json;
import org.tryvoha.store.AlertStore;
import org.tryvoha.zone.ZoneTree;

/**
 * Live alerts count version by version: a zone is under alert only while a version of an alert
 * covered it, so an update that moves an alert from one raion to another splits its time between
 * them at the moment of the update. Written once, run on every store.
 */
abstract class LiveStatisticsContract {
    static final ZoneTree TREE = HistoryImportContract.TREE;
    static final String KHARKIVSKYI = "UA63120000000091135"; // a raion of Kharkiv oblast
    static final String KHARKIV_CITY = "UA63120270000028556"; // a hromada of that raion
    static final String ZAKARPATTIA_RAION = "UA21060000000059475";
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    StepClock clock;
    AlertStore store;
    AlertService service;
    Statistics stats;

    abstract AlertStore open();

    void cleanUp() {}

    @BeforeEach
    void start() {
        clock = new StepClock(T0);
        store = open();
        service = new AlertService(store, new LocalEventBus(), clock);
        stats = new Statistics(TREE, new HistoryStore(store.sql()), clock);
    }

    @AfterEach
    void close() {
        store.close();
        cleanUp();
    }

    AlertRequest request(boolean raise, String status, String... zones) throws Exception {
        String body = "{" + (raise ? "\"type\":\"drone\",\"status\":\"" + status + "\"," : "") + "\"zones\":[\""
                + String.join("\",\"", zones) + "\"],\"message\":{\"uk\":\"т\",\"en\":\"e\"}}";
        JsonNode json = Json.MAPPER.readTree(body);
        return AlertRequest.parse(json, raise, TREE, clock.instant());
    }

    int ids;

    String raise(String... zones) throws Exception {
        return service.raise(request(true, "actual", zones), "test", "live-" + ++ids, null)
                .alert()
                .id();
    }

    Statistics.Summary summary(String zone) {
        return stats.summary(TREE.get(zone).orElseThrow(), stats.range(T0.minusSeconds(3600), null));
    }

    void advance(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        stats.invalidate();
    }

    @Test
    void anAlertMovedByAnUpdateCountsForEachZoneOnlyWhileItCoveredIt() throws Exception {
        String id = raise(KHARKIVSKYI);
        advance(8);
        service.update(id, request(false, null, ZAKARPATTIA_RAION), "test", null);
        advance(8);
        assertThat(summary(KHARKIVSKYI).totalSeconds()).isEqualTo(8);
        assertThat(summary(KHARKIVSKYI).alerts()).isEqualTo(1);
        assertThat(summary(KHARKIVSKYI).longest().end()).isEqualTo(T0.plusSeconds(8));
        assertThat(summary(KHARKIV_CITY).totalSeconds())
                .as("the hromada inside the first raion")
                .isEqualTo(8);
        assertThat(summary(ZAKARPATTIA_RAION).totalSeconds()).isEqualTo(8);
        assertThat(summary(ZAKARPATTIA_RAION).longest().end())
                .as("still in force")
                .isNull();

        advance(4);
        service.cancel(id, "test", null);
        advance(100);
        assertThat(summary(KHARKIVSKYI).totalSeconds()).isEqualTo(8);
        assertThat(summary(ZAKARPATTIA_RAION).totalSeconds()).isEqualTo(12);
        assertThat(summary(ZAKARPATTIA_RAION).longest().end()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void aZoneKeptByAnUpdateStaysOnePeriodAndAnAddedOneStartsAtTheUpdate() throws Exception {
        String id = raise(KHARKIVSKYI);
        advance(10);
        service.update(id, request(false, null, KHARKIVSKYI, ZAKARPATTIA_RAION), "test", null);
        advance(5);
        service.update(id, request(false, null, ZAKARPATTIA_RAION), "test", null);
        advance(5);
        service.update(id, request(false, null, ZAKARPATTIA_RAION, KHARKIVSKYI), "test", null);
        advance(5);
        service.cancel(id, "test", null);
        advance(60);
        // Kharkivskyi: [0, 15) and [20, 25); Zakarpattia: [10, 25)
        Statistics.Summary kh = summary(KHARKIVSKYI);
        assertThat(kh.totalSeconds()).isEqualTo(20);
        assertThat(kh.alerts()).isEqualTo(2);
        assertThat(kh.longest().seconds()).isEqualTo(15);
        Statistics.Summary za = summary(ZAKARPATTIA_RAION);
        assertThat(za.totalSeconds()).isEqualTo(15);
        assertThat(za.alerts()).isEqualTo(1);
        assertThat(za.longest().start()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void drillsAreNotCountedAndNewEventsAreSeenByTheNextQuery() throws Exception {
        String drill = service.raise(request(true, "exercise", KHARKIVSKYI), "test", "drill-1", null)
                .alert()
                .id();
        advance(30);
        assertThat(summary(KHARKIVSKYI).totalSeconds()).isZero();
        String real = raise(KHARKIVSKYI);
        advance(7);
        assertThat(summary(KHARKIVSKYI).totalSeconds()).isEqualTo(7);
        service.cancel(real, "test", null);
        service.cancel(drill, "test", null);
        advance(7);
        assertThat(summary(KHARKIVSKYI).totalSeconds()).isEqualTo(7);
    }

    @Test
    void anAlertCancelledWithinTheSecondItWasRaisedStillCountsAsOne() throws Exception {
        clock.advance(Duration.ofMillis(200));
        String id = raise(KHARKIVSKYI);
        clock.advance(Duration.ofMillis(300));
        service.cancel(id, "test", null);
        advance(60);
        Statistics.Summary kh = summary(KHARKIVSKYI);
        assertThat(kh.alerts()).as("a sub-second alert happened").isEqualTo(1);
        assertThat(kh.totalSeconds()).as("rounded out to whole seconds").isEqualTo(1);
    }
}
