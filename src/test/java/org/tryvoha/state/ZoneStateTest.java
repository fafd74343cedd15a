package org.tryvoha.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * Zone state derived from events alone, on a hand-made country:
 *
 * <pre>
 * C ─┬─ O1 ─┬─ R1 ─┬─ H1
 *    │      │      └─ H2
 *    │      └─ R2 ──── H3
 *    └─ O2
 * </pre>
 */
class ZoneStateTest {
    static final String TREE = """
      {"type":"FeatureCollection","features":[
       %s, %s, %s, %s, %s, %s, %s, %s
      ]}
      """.formatted(
                    f("C", "country", null, 0, 0, 4, 2),
                    f("O1", "oblast", "C", 0, 0, 2, 2),
                    f("O2", "oblast", "C", 2, 0, 4, 2),
                    f("R1", "raion", "O1", 0, 0, 1, 2),
                    f("R2", "raion", "O1", 1, 0, 2, 2),
                    f("H1", "hromada", "R1", 0, 0, 1, 1),
                    f("H2", "hromada", "R1", 0, 1, 1, 2),
                    f("H3", "hromada", "R2", 1, 0, 2, 2));

    static String f(String id, String level, String parent, double x0, double y0, double x1, double y1) {
        return """
        {"type":"Feature","properties":{"id":"%s","level":"%s",%s"name_uk":"%s","name_en":"%s"},
         "geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}""".formatted(
                        id,
                        level,
                        parent == null ? "" : "\"parent\":\"" + parent + "\",",
                        id,
                        id,
                        x0,
                        y0,
                        x1,
                        y0,
                        x1,
                        y1,
                        x0,
                        y1,
                        x0,
                        y0);
    }

    static ZoneTree tree;
    static final Instant T0 = Instant.parse("2026-11-23T20:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);
    static final Instant T2 = T0.plusSeconds(120);

    @BeforeAll
    static void load() throws IOException {
        tree = ZoneTree.load(new ByteArrayInputStream(TREE.getBytes(UTF_8)), ShelterConfig.defaults());
        assertThat(tree.size()).isEqualTo(8);
    }

    final ZoneState state = new ZoneState(tree);

    static Alert alert(String id, AlertType type, Instant issued, List<String> zones) {
        return new Alert(
                id,
                type,
                AlertStatus.ACTUAL,
                zones,
                null,
                Map.of("uk", "тривога"),
                "op",
                issued,
                null,
                issued,
                null,
                true);
    }

    static AlertEvent issued(long seq, Alert a) {
        return new AlertEvent(seq, EventKind.ISSUED, a.issuedAt(), a, List.of());
    }

    static AlertEvent updated(long seq, Alert a, Instant at, List<String> zones) {
        Alert next = new Alert(
                a.id(), a.type(), a.status(), zones, null, a.message(), a.sender(), a.issuedAt(), null, at, null, true);
        return new AlertEvent(seq, EventKind.UPDATED, at, next, a.zones());
    }

    static AlertEvent ended(long seq, EventKind kind, Alert a, Instant at) {
        return new AlertEvent(seq, kind, at, a.ended(at), List.of());
    }

    ZoneStatus status(String zone) {
        return state.snapshot().status(tree.get(zone).orElseThrow());
    }

    @Test
    void anOblastAlertCoversItsRaionsAndHromadasViaTheOblastSinceItWasIssued() {
        Alert a = alert("a", AlertType.AIR_RAID, T0, List.of("O1"));
        state.apply(issued(1, a));
        for (String z : List.of("O1", "R1", "R2", "H1", "H2", "H3")) {
            ZoneStatus s = status(z);
            assertThat(s.active()).as(z).isTrue();
            assertThat(s.since()).as(z).isEqualTo(T0);
            assertThat(s.types()).as(z).containsExactly(AlertType.AIR_RAID);
            assertThat(s.alerts()).as(z).singleElement().satisfies(c -> {
                assertThat(c.via()).isEqualTo("O1");
                assertThat(c.since()).isEqualTo(T0);
                assertThat(c.alert().id()).isEqualTo("a");
            });
            assertThat(s.partlyAlerts()).as(z).isZero();
        }
        assertThat(status("O2").active()).isFalse();
        assertThat(status("O2").partlyAlerts()).isZero();
        assertThat(status("C").active()).isFalse();
        assertThat(status("C").partlyAlerts()).isEqualTo(1);
    }

    @Test
    void aHromadaAlertMakesItsRaionAndOblastPartlyAlertedButNotActive() {
        state.apply(issued(1, alert("h", AlertType.DRONE, T0, List.of("H1"))));
        assertThat(status("H1").active()).isTrue();
        assertThat(status("H1").alerts())
                .singleElement()
                .extracting(ZoneStatus.Covering::via)
                .isEqualTo("H1");
        for (String z : List.of("R1", "O1", "C")) {
            assertThat(status(z).active()).as(z).isFalse();
            assertThat(status(z).since()).as(z).isNull();
            assertThat(status(z).partlyAlerts()).as(z).isEqualTo(1);
        }
        for (String z : List.of("H2", "H3", "R2", "O2")) {
            assertThat(status(z).active()).as(z).isFalse();
            assertThat(status(z).partlyAlerts()).as(z).isZero();
        }
    }

    @Test
    void anUpdateThatMovesZonesKeepsSinceForZonesThatStayAndStartsNewOnesAtTheUpdate() {
        Alert a = alert("a", AlertType.AIR_RAID, T0, List.of("H1", "H2"));
        state.apply(issued(1, a));
        state.apply(updated(2, a, T1, List.of("H2", "H3")));
        assertThat(status("H1").active()).isFalse();
        assertThat(status("H2").active()).isTrue();
        assertThat(status("H2").since()).isEqualTo(T0);
        assertThat(status("H3").active()).isTrue();
        assertThat(status("H3").since()).isEqualTo(T1);
        assertThat(status("R2").partlyAlerts()).isEqualTo(1); // an alert on a zone inside it, not on R2 itself
        assertThat(status("R2").active()).isFalse();
        assertThat(status("R1").partlyAlerts()).isEqualTo(1);
        assertThat(status("O1").partlyAlerts()).isEqualTo(1); // one alert, however many zones inside
        assertThat(state.snapshot().alerts().get("a").zones()).containsExactly("H2", "H3");
    }

    @Test
    void cancelAndExpireClearEveryZone() {
        Alert a = alert("a", AlertType.AIR_RAID, T0, List.of("O1"));
        Alert b = alert("b", AlertType.DRONE, T0, List.of("H3"));
        state.apply(issued(1, a));
        state.apply(issued(2, b));
        state.apply(ended(3, EventKind.CANCELLED, a, T1));
        assertThat(status("H1").active()).isFalse();
        assertThat(status("H3").active()).isTrue();
        state.apply(ended(4, EventKind.EXPIRED, b, T2));
        for (var z : tree.all()) {
            assertThat(status(z.id()).active()).as(z.id()).isFalse();
            assertThat(status(z.id()).partlyAlerts()).as(z.id()).isZero();
            assertThat(status(z.id()).alerts()).as(z.id()).isEmpty();
        }
        assertThat(state.snapshot().alerts()).isEmpty();
        assertThat(state.snapshot().since()).isEmpty();
        assertThat(state.snapshot().touched()).isEmpty();
    }

    @Test
    void twoOverlappingAlertsAreListedEarliestFirstAndOneEndingLeavesTheOther() {
        Alert a = alert("a", AlertType.AIR_RAID, T0, List.of("O1"));
        Alert b = alert("b", AlertType.BALLISTIC_MISSILE, T1, List.of("H1"));
        state.apply(issued(1, a));
        state.apply(issued(2, b));
        ZoneStatus h1 = status("H1");
        assertThat(h1.active()).isTrue();
        assertThat(h1.since()).isEqualTo(T0);
        assertThat(h1.alerts())
                .extracting(c -> c.alert().id() + "@" + c.via() + "@" + c.since())
                .containsExactly("a@O1@" + T0, "b@H1@" + T1);
        assertThat(h1.types()).containsExactlyInAnyOrder(AlertType.AIR_RAID, AlertType.BALLISTIC_MISSILE);
        assertThat(status("H2").alerts())
                .singleElement()
                .extracting(c -> c.alert().id())
                .isEqualTo("a");
        state.apply(ended(3, EventKind.CANCELLED, a, T2));
        h1 = status("H1");
        assertThat(h1.active()).isTrue();
        assertThat(h1.since()).isEqualTo(T1);
        assertThat(h1.types()).containsExactly(AlertType.BALLISTIC_MISSILE);
        assertThat(status("H2").active()).isFalse();
        assertThat(status("O1").active()).isFalse();
        assertThat(status("O1").partlyAlerts()).isEqualTo(1);
    }

    @Test
    void applyingAnOldSeqAgainChangesNothing() {
        Alert a = alert("a", AlertType.AIR_RAID, T0, List.of("O1"));
        AlertEvent e1 = issued(1, a);
        AlertEvent e2 = ended(2, EventKind.CANCELLED, a, T1);
        state.apply(e1);
        state.apply(e2);
        ZoneState.Snapshot after = state.snapshot();
        state.apply(e1); // a replay or a duplicate delivery
        state.apply(e2);
        assertThat(state.snapshot()).isSameAs(after);
        assertThat(status("H1").active()).isFalse();
        // even a different event under an old number is ignored: the log numbers events once
        state.apply(issued(2, alert("x", AlertType.DRONE, T1, List.of("O2"))));
        assertThat(state.snapshot()).isSameAs(after);
        assertThat(status("O2").active()).isFalse();
    }

    @Test
    void theSnapshotSeqFollowsTheEventsAndOldSnapshotsStayAsTheyWere() {
        assertThat(state.snapshot().seq()).isZero();
        Alert a = alert("a", AlertType.AIR_RAID, T0, List.of("R1"));
        state.apply(issued(1, a));
        ZoneState.Snapshot s1 = state.snapshot();
        assertThat(s1.seq()).isEqualTo(1);
        state.apply(issued(5, alert("b", AlertType.DRONE, T1, List.of("O2"))));
        assertThat(state.snapshot().seq()).isEqualTo(5);
        state.apply(ended(7, EventKind.CANCELLED, a, T2));
        assertThat(state.snapshot().seq()).isEqualTo(7);
        // a reader holding the seq-1 snapshot still sees the state as of seq 1
        assertThat(s1.status(tree.get("H1").orElseThrow()).active()).isTrue();
        assertThat(s1.status(tree.get("O2").orElseThrow()).active()).isFalse();
        assertThat(status("H1").active()).isFalse();
        assertThat(status("O2").active()).isTrue();
    }
}
